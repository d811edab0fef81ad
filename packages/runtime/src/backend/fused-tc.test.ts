import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateTotalCorrelation } from "../losses/tc-estimator.js";
import { loadBlasAddon, type BlasAddon } from "./blas/blas-addon.js";
import { installFusedTc, uninstallFusedTc } from "./fused-tc.js";
import { initBackend } from "./init-backend.js";

/** TC of a random batch and its gradients with respect to z, the means and the log-variances. */
function evaluate(estimator: "mss" | "mws"): number[][] {
  return tf.tidy(() => {
    const z = tf.randomNormal([9, 4], 0, 1, "float32", 1);
    const mean = tf.randomNormal([9, 4], 0, 1, "float32", 2);
    const logVar = tf.randomNormal([9, 4], -1, 1, "float32", 3);
    const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      estimateTotalCorrelation(
        a as tf.Tensor2D,
        { kind: "normal", mean: b, logVar: c },
        1000,
        estimator,
      );
    const { value, grads } = tf.valueAndGrads(f as (...t: tf.Tensor[]) => tf.Scalar)([
      z,
      mean,
      logVar,
    ]);
    return [value, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

describe("the fused total-correlation term", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0", VAEC_WASM_THREADS: "0" } });
  });
  afterAll(() => installFusedTc());

  const addon = loadBlasAddon();
  const loops: Array<[string, BlasAddon | undefined]> = [["JavaScript", undefined]];
  if (addon.kind === "loaded") loops.push(["C", addon.addon]);
  for (const [language, native] of loops) {
    for (const estimator of ["mss", "mws"] as const) {
      it(`gives the composed estimator's value and gradients (${estimator}, ${language})`, () => {
        uninstallFusedTc();
        const plain = evaluate(estimator);
        installFusedTc(native);
        const fused = evaluate(estimator);
        fused.forEach((values, k) => {
          const scale = Math.max(1, ...plain[k].map(Math.abs));
          values.forEach((v, i) => expect(Math.abs(v - plain[k][i])).toBeLessThan(2e-5 * scale));
        });
      });
    }
  }

  it("leaks no tensors", () => {
    installFusedTc();
    const z = tf.randomNormal([5, 3]);
    const before = tf.memory().numTensors;
    const g = tf.grad((x: tf.Tensor) =>
      estimateTotalCorrelation(
        x as tf.Tensor2D,
        { kind: "normal", mean: x, logVar: tf.zerosLike(x) },
        100,
        "mss",
      ),
    )(z);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([g, z]);
  });
});
