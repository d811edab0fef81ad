import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBlasAddon } from "./blas/blas-addon.js";
import {
  bernoulliLogLikelihood,
  installFusedLikelihood,
  isFusedLikelihoodNative,
  uninstallFusedLikelihood,
} from "./fused-likelihood.js";
import { initBackend } from "./init-backend.js";

const addon = loadBlasAddon();
const native = addon.kind === "loaded" ? addon.addon : undefined;

/** Value and both gradients of a weighted sum of the likelihood, with extreme logits included. */
function evaluate(): number[][] {
  return tf.tidy(() => {
    const raw = tf.randomNormal([7, 37], 0, 4, "float32", 3);
    const extremes = tf.tensor2d([[-120, -30, -0.5, 0, 0.5, 30, 120]]);
    const logits = tf.concat([raw, tf.tile(extremes, [7, 1])], 1);
    const x = tf.randomUniform(logits.shape, 0, 1, "float32", 4);
    const weights = tf.range(1, 8);
    const f = (xs: tf.Tensor, ls: tf.Tensor) =>
      tf.sum(tf.mul(bernoulliLogLikelihood(xs, ls), weights));
    const { value, grads } = tf.valueAndGrads(f)([x, logits]);
    const rows = bernoulliLogLikelihood(x, logits);
    return [value, rows, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

function expectClose(a: number[][], b: number[][]): void {
  expect(a.length).toBe(b.length);
  a.forEach((values, k) => {
    const scale = Math.max(1, ...b[k].map(Math.abs));
    values.forEach((v, i) => expect(Math.abs(v - b[k][i])).toBeLessThan(2e-5 * scale));
  });
}

describe("the fused Bernoulli log-likelihood", () => {
  let plain: number[][];
  beforeAll(async () => {
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0", VAEC_WASM_THREADS: "0" } });
    uninstallFusedLikelihood();
    plain = evaluate();
  });
  afterAll(() => installFusedLikelihood());

  it("gives the composed ops' value and gradients with its own gradient (no addon)", () => {
    installFusedLikelihood();
    expect(isFusedLikelihoodNative()).toBe(false);
    expectClose(evaluate(), plain);
  });

  it.skipIf(!native)("gives them as the native passes too", () => {
    installFusedLikelihood(native);
    expect(isFusedLikelihoodNative()).toBe(true);
    expectClose(evaluate(), plain);
  });

  it("leaks no tensors either way", () => {
    for (const addonUsed of native ? [undefined, native] : [undefined]) {
      installFusedLikelihood(addonUsed);
      const x = tf.ones([3, 5]);
      const before = tf.memory().numTensors;
      const g = tf.grad((l: tf.Tensor) => tf.sum(bernoulliLogLikelihood(x, l)))(tf.zeros([3, 5]));
      expect(tf.memory().numTensors).toBe(before + 2);
      tf.dispose([g, x]);
    }
  });
});
