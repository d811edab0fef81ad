import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "./init-backend.js";
import { isSharedIdentityInstalled } from "./shared-identity.js";

describe("shared Identity on wasm", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0" } });
  });
  afterAll(async () => {
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0" } });
  });

  it("clones without copying, and the clone outlives the original", () => {
    expect(isSharedIdentityInstalled()).toBe(true);
    const before = tf.memory();
    const x = tf.tensor([1, 2, 3]);
    const y = tf.clone(x);
    // One buffer for two tensors: the clone shares it.
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
  });

  it("gives the gradients of a fused layer the copying kernel gives", async () => {
    const grads = () =>
      tf.tidy(() => {
        const a = tf.randomNormal([5, 7], 0, 1, "float32", 1) as tf.Tensor2D;
        const b = tf.randomNormal([7, 3], 0, 1, "float32", 2) as tf.Tensor2D;
        const bias = tf.randomNormal([3], 0, 1, "float32", 3);
        const f = (x: tf.Tensor, w: tf.Tensor) =>
          tf.sum(
            tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias, activation: "relu" }),
          );
        return tf
          .grads(f)([a, b])
          .map((g) => Array.from(g.dataSync()));
      });
    const shared = grads();
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0", VAEC_SHARED_IDENTITY: "0" } });
    expect(isSharedIdentityInstalled()).toBe(false);
    expect(grads()).toEqual(shared);
  });
});
