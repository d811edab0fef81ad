import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "./init-backend.js";
import { installLogSumExpGrad, logSumExp, uninstallLogSumExpGrad } from "./log-sum-exp.js";

/** logsumexp over several axes and ranks, with a weighted sum's gradient. */
function evaluate(): number[][] {
  return tf.tidy(() => {
    const out: tf.Tensor[] = [];
    const x3 = tf.randomNormal([6, 5, 4], 0, 10, "float32", 1);
    for (const axis of [0, 1, 2, -1]) {
      const w = tf.randomNormal(tf.logSumExp(x3, axis).shape, 0, 1, "float32", 2 + axis);
      const { value, grad } = tf.valueAndGrad((x: tf.Tensor) =>
        tf.sum(tf.mul(logSumExp(x, axis), w)),
      )(x3);
      out.push(value, grad, logSumExp(x3, axis));
    }
    // Ties at the max: tfjs's max gradient splits among them, the softmax is the true gradient;
    // both sum to dy, and here the entries tie, so they agree.
    const tied = tf.tensor2d([
      [2, 2, 2],
      [1, 5, 5],
    ]);
    out.push(tf.grad((x: tf.Tensor) => tf.sum(logSumExp(x, 1)))(tied));
    return out.map((t) => Array.from(t.dataSync()));
  });
}

describe("logSumExp with its own gradient", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0", VAEC_WASM_THREADS: "0" } });
  });
  afterAll(() => installLogSumExpGrad());

  it("gives tfjs's values and gradients", () => {
    uninstallLogSumExpGrad();
    const plain = evaluate();
    installLogSumExpGrad();
    const own = evaluate();
    own.forEach((values, k) => {
      const scale = Math.max(1, ...plain[k].map(Math.abs));
      values.forEach((v, i) => expect(Math.abs(v - plain[k][i])).toBeLessThan(1e-5 * scale));
    });
  });

  it("leaks no tensors", () => {
    installLogSumExpGrad();
    const x = tf.randomNormal([4, 3]);
    const before = tf.memory().numTensors;
    const g = tf.grad((t: tf.Tensor) => tf.sum(logSumExp(t, 1)))(x);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([g, x]);
  });
});
