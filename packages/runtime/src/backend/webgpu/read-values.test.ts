import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../init-backend.js";
import { readAndDispose } from "./read-values.js";

beforeAll(async () => {
  await initBackend({ backend: "cpu", env: {} });
});

describe("readAndDispose", () => {
  it("returns each tensor's values and disposes the tensors", async () => {
    const before = tf.memory().numTensors;
    const [a, b] = await readAndDispose([tf.tensor1d([1, 2]), tf.tensor2d([[3], [4.5]])]);
    expect(Array.from(a)).toEqual([1, 2]);
    expect(Array.from(b)).toEqual([3, 4.5]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("disposes every tensor when a read fails", async () => {
    const before = tf.memory().numTensors;
    const kept = tf.tensor1d([1]);
    const gone = tf.tensor1d([2]);
    gone.dispose();
    await expect(readAndDispose([kept, gone])).rejects.toThrow(/disposed/);
    expect(kept.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
