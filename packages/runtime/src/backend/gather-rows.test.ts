import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { conv2dSame, conv2dTransposeSame } from "../model/conv-ops.js";
import { gatherRows } from "./gather-rows.js";
import { initBackend } from "./init-backend.js";

/** Runs `f` on the cpu backend and on wasm (where `gatherRows` is the heap kernel). */
async function onBoth(f: () => tf.Tensor): Promise<[Float32Array, Float32Array]> {
  await tf.setBackend("cpu");
  const cpu = tf.tidy(f).dataSync() as Float32Array;
  await tf.setBackend("wasm");
  const wasm = tf.tidy(f).dataSync() as Float32Array;
  return [cpu, wasm];
}

function expectClose(a: Float32Array, b: Float32Array, tolerance: number) {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - b[i]))));
  expect(worst).toBeLessThan(tolerance);
}

const threeRows = () =>
  tf.tensor2d([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);

describe("gatherRows", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0" } });
  });

  it("copies rows, reading indices past the end as zeros, on wasm as on cpu", async () => {
    const indices = Int32Array.from([2, 0, 5, 1, 2, 9]);
    const [cpu, wasm] = await onBoth(() => gatherRows(threeRows(), indices));
    expect(Array.from(cpu)).toEqual([5, 6, 1, 2, 0, 0, 3, 4, 5, 6, 0, 0]);
    expect(Array.from(wasm)).toEqual(Array.from(cpu));
  });

  it("sums groups of taps rows", async () => {
    const indices = Int32Array.from([0, 1, 3, 2, 3, 3]);
    const [cpu, wasm] = await onBoth(() => gatherRows(threeRows(), indices, 2));
    expect(Array.from(cpu)).toEqual([4, 6, 5, 6, 0, 0]);
    expect(Array.from(wasm)).toEqual(Array.from(cpu));
  });

  it("gives the conv ops' values and gradients on wasm as on cpu", async () => {
    const x = () => tf.randomNormal([2, 9, 9, 3], 0, 1, "float32", 1) as tf.Tensor4D;
    const w = () => tf.randomNormal([4, 4, 3, 6], 0, 1, "float32", 2) as tf.Tensor4D;
    const loss = (a: tf.Tensor, b: tf.Tensor) => {
      const h = conv2dSame(a as tf.Tensor4D, b as tf.Tensor4D, 2);
      return tf.sum(tf.square(conv2dTransposeSame(h, b as tf.Tensor4D, [2, 9, 9, 3], 2)));
    };
    for (const which of [0, 1]) {
      const [cpu, wasm] = await onBoth(() => tf.grads(loss)([x(), w()])[which]);
      expectClose(cpu, wasm, 1e-3 * Math.max(...cpu.map(Math.abs)));
    }
  });
});
