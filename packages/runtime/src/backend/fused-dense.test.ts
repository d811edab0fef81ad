import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBlasAddon } from "./blas/blas-addon.js";
import { denseLayer, installFusedDense, uninstallFusedDense } from "./fused-dense.js";
import { initBackend } from "./init-backend.js";

const addon = loadBlasAddon();
const native = addon.kind === "loaded" ? addon.addon : undefined;

/** Two layers (relu, then linear) and the gradients of a weighted sum for every input. */
function evaluate(): number[][] {
  return tf.tidy(() => {
    const x = tf.randomNormal([9, 7], 0, 1, "float32", 1) as tf.Tensor2D;
    const w1 = tf.randomNormal([7, 6], 0, 1, "float32", 2) as tf.Tensor2D;
    const b1 = tf.randomNormal([6], 0, 1, "float32", 3);
    const w2 = tf.randomNormal([6, 5], 0, 1, "float32", 4) as tf.Tensor2D;
    const b2 = tf.randomNormal([5], 0, 1, "float32", 5);
    const weights = tf.randomNormal([9, 5], 0, 1, "float32", 6);
    const f = (...[xs, a, c, d, e]: tf.Tensor[]) =>
      tf.sum(
        tf.mul(
          denseLayer(
            denseLayer(xs as tf.Tensor2D, a as tf.Tensor2D, c, "relu"),
            d as tf.Tensor2D,
            e,
            "linear",
          ),
          weights,
        ),
      );
    const { value, grads } = tf.valueAndGrads(f)([x, w1, b1, w2, b2]);
    return [value, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

function expectClose(a: number[][], b: number[][]): void {
  a.forEach((values, k) => {
    const scale = Math.max(1, ...b[k].map(Math.abs));
    values.forEach((v, i) => expect(Math.abs(v - b[k][i])).toBeLessThan(2e-5 * scale));
  });
}

describe("the fused dense layer", () => {
  let plain: number[][];
  beforeAll(async () => {
    // The cpu backend is the reference: tf.fused.matMul, which denseLayer falls back to.
    await initBackend({ backend: "cpu", env: {} });
    plain = evaluate();
    await initBackend({ backend: "wasm", env: { VAEC_WASM_THREADS: "0" } });
  });
  afterAll(async () => {
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0", VAEC_WASM_THREADS: "0" } });
  });

  it("gives tf.fused.matMul's values and gradients on the wasm kernels", async () => {
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0", VAEC_WASM_THREADS: "0" } });
    installFusedDense();
    expectClose(evaluate(), plain);
    uninstallFusedDense();
    expectClose(evaluate(), plain);
    installFusedDense();
  });

  it.skipIf(!native)("gives them with OpenBLAS and the native backward pass", async () => {
    const info = await initBackend({ backend: "wasm", env: { VAEC_WASM_THREADS: "0" } });
    expect(info.fastPath.blas && info.fastPath.fusedDense).toBe(true);
    expectClose(evaluate(), plain);
  });

  it("leaks no tensors", () => {
    const x = tf.ones([3, 4]) as tf.Tensor2D;
    const b = tf.zeros([2]);
    const before = tf.memory().numTensors;
    const g = tf.grad((w: tf.Tensor) => tf.sum(denseLayer(x, w as tf.Tensor2D, b, "relu")))(
      tf.ones([4, 2]),
    );
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([g, x, b]);
  });
});
