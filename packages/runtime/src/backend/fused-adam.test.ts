import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { loadBlasAddon } from "./blas/blas-addon.js";
import {
  adamStep,
  installFusedAdam,
  isAdamInPlace,
  isFusedAdamInstalled,
  uninstallFusedAdam,
} from "./fused-adam.js";
import { initBackend } from "./init-backend.js";

const hyper = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

const addon = loadBlasAddon();
const native = addon.kind === "loaded" ? addon.addon.adam : undefined;

/** Three Adam steps on a fixed parameter with fixed gradients; returns the final values. */
function run(
  fused: boolean,
  inPlace = false,
  nativeLoop?: typeof native,
  simd = false,
): number[][] {
  if (fused) installFusedAdam(nativeLoop, inPlace, simd);
  else uninstallFusedAdam();
  return tf.tidy(() => {
    let p: tf.Tensor = tf.randomNormal([37, 5], 0, 1, "float32", 1);
    let m: tf.Tensor = tf.zerosLike(p);
    let v: tf.Tensor = tf.zerosLike(p);
    for (let t = 1; t <= 3; t++) {
      const g = tf.randomNormal([37, 5], 0, 1, "float32", 10 + t);
      ({ param: p, m, v } = adamStep(p, g, m, v, t, hyper));
    }
    return [p, m, v].map((x) => Array.from(x.dataSync()));
  });
}

describe("adamStep", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0", VAEC_WASM_THREADS: "0" } });
  });

  it("gives the same parameter and moments fused as composed from tfjs ops", () => {
    const composed = run(false);
    const fused = run(true);
    expect(isFusedAdamInstalled()).toBe(true);
    for (let k = 0; k < 3; k++) {
      fused[k].forEach((x, i) => expect(Math.abs(x - composed[k][i])).toBeLessThan(1e-6));
    }
  });

  it("matches tfjs's own Adam optimizer", () => {
    const fused = run(true)[0];
    const reference = tf.tidy(() => {
      const p = tf.variable(tf.randomNormal([37, 5], 0, 1, "float32", 1));
      const opt = tf.train.adam(hyper.learningRate, hyper.beta1, hyper.beta2, hyper.epsilon);
      for (let t = 1; t <= 3; t++) {
        opt.applyGradients({
          [p.name]: tf.randomNormal([37, 5], 0, 1, "float32", 10 + t),
        } as unknown as Parameters<typeof opt.applyGradients>[0]);
      }
      const values = Array.from(p.dataSync());
      opt.dispose();
      p.dispose();
      return values;
    });
    fused.forEach((x, i) => expect(Math.abs(x - reference[i])).toBeLessThan(1e-5));
  });

  it("gives the same values with the moments updated in place, in JavaScript and natively", () => {
    const composed = run(false);
    for (const loop of native ? [undefined, native] : [undefined]) {
      const inPlace = run(true, true, loop);
      expect(isAdamInPlace()).toBe(true);
      for (let k = 0; k < 3; k++) {
        inPlace[k].forEach((x, i) => expect(Math.abs(x - composed[k][i])).toBeLessThan(1e-6));
      }
    }
  });

  it("gives the same values through the WebAssembly SIMD loop (odd sizes: a scalar tail)", () => {
    const composed = run(false);
    for (const inPlace of [false, true]) {
      const simd = run(true, inPlace, undefined, true);
      for (let k = 0; k < 3; k++) {
        simd[k].forEach((x, i) => expect(Math.abs(x - composed[k][i])).toBeLessThan(1e-6));
      }
    }
  });

  it("updates a moment in place only when nothing else holds its buffer", () => {
    for (const loop of native ? [undefined, native] : [undefined]) {
      installFusedAdam(loop, true);
      tf.tidy(() => {
        const p = tf.randomNormal([40, 3], 0, 1, "float32", 1);
        const g = tf.randomNormal([40, 3], 0, 1, "float32", 2);
        const m = tf.randomNormal([40, 3], 0, 1, "float32", 3);
        const v = tf.randomUniform([40, 3], 0, 1, "float32", 4);
        const shared = tf.clone(m); // the shared Identity: the same buffer, two references
        const before = Array.from(shared.dataSync());
        const out = adamStep(p, g, m, v, 1, hyper);
        expect(Array.from(shared.dataSync())).toEqual(before);
        expect(out.m.dataId).not.toBe(m.dataId);
        expect(out.v.dataId).toBe(v.dataId);
      });
    }
  });

  it("leaks no tensors", () => {
    installFusedAdam();
    const p = tf.ones([4, 4]);
    const before = tf.memory().numTensors;
    const out = adamStep(p, p, p, p, 1, hyper);
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([out.param, out.m, out.v, p]);
  });
});
