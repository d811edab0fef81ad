import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../init-backend.js";
import { adamStep } from "../fused-adam.js";
import { loadBlasAddon } from "./blas-addon.js";
import { isBlasInstalled } from "./blas-kernels.js";

// The addon exists only where `npm run build:blas` found OpenBLAS; elsewhere these are skipped.
const addon = loadBlasAddon();
const built = addon.kind === "loaded";

type Values = { shape: number[]; values: number[] };

function compute(): Values[] {
  return tf.tidy(() => {
    const out: tf.Tensor[] = [];
    const a = tf.randomNormal([6, 9], 0, 1, "float32", 1);
    const b = tf.randomNormal([9, 5], 0, 1, "float32", 2);
    const bt = tf.randomNormal([5, 9], 0, 1, "float32", 3);
    const bias = tf.randomNormal([5], 0, 1, "float32", 4);
    out.push(tf.matMul(a, b), tf.matMul(a, bt, false, true), tf.matMul(a, a, true, false));
    out.push(
      tf.matMul(
        tf.randomNormal([3, 4, 6], 0, 1, "float32", 5),
        tf.randomNormal([3, 6, 2], 0, 1, "float32", 6),
      ),
    );
    out.push(
      tf.matMul(
        tf.randomNormal([3, 4, 6], 0, 1, "float32", 7),
        tf.randomNormal([2, 6], 0, 1, "float32", 8),
        false,
        true,
      ),
    );
    out.push(tf.fused.matMul({ a, b, bias, activation: "relu" }));
    out.push(tf.fused.matMul({ a, b: bt, transposeB: true, bias, activation: "linear" }));
    out.push(tf.fused.matMul({ a, b, activation: "elu" }));
    const grads = tf.grads((x: tf.Tensor, w: tf.Tensor) =>
      tf.sum(
        tf.square(
          tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias, activation: "relu" }),
        ),
      ),
    )([a, b]);
    out.push(...grads);
    const adam = adamStep(b, tf.transpose(bt), tf.onesLike(b), tf.onesLike(b), 3);
    out.push(adam.param, adam.m, adam.v);
    return out.map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) }));
  });
}

describe.skipIf(!built)("BLAS kernels on wasm", () => {
  afterAll(async () => {
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0" } });
  });
  let reference: Values[];
  // The reference is the cpu backend: the shipped wasm _FusedMatMul is wrong with transposeB.
  beforeAll(async () => {
    await initBackend({ backend: "cpu", env: {} });
    reference = compute();
  });

  it("give the cpu backend's products, fused layers, gradients and Adam step", async () => {
    const info = await initBackend({ backend: "wasm", env: {} });
    expect(info.fastPath.blas).toBe(true);
    expect(isBlasInstalled()).toBe(true);
    const before = tf.memory().numTensors;
    const blas = compute();
    expect(tf.memory().numTensors).toBe(before);
    expect(blas.length).toBe(reference.length);
    blas.forEach((r, i) => {
      expect(r.shape).toEqual(reference[i].shape);
      const scale = Math.max(1, ...reference[i].values.map(Math.abs));
      r.values.forEach((v, j) =>
        expect(Math.abs(v - reference[i].values[j])).toBeLessThan(2e-5 * scale),
      );
    });
  });
});

describe("BLAS addon absent", () => {
  it("is reported, not fatal", async () => {
    const info = await initBackend({ backend: "wasm", env: {} });
    if (built) expect(info.fastPathNotes.join(" ")).toMatch(/^blas: OpenBLAS/);
    else expect(info.fastPathNotes.join(" ")).toContain("npm run build:blas");
    expect(info.fastPath.blas).toBe(built);
  });
});

describe.skipIf(!built)("BLAS products split over threads by the addon", () => {
  afterAll(async () => {
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0" } });
  });

  it("give the exact products, in blocks of rows and of columns, for every transposition", async () => {
    // Three threads whatever the machine, so the products are split; sizes not multiples of 16.
    await initBackend({ backend: "wasm", env: { VAEC_BLAS_THREADS: "3", VAEC_WASM_THREADS: "0" } });
    for (const [m, n, k] of [
      [130, 300, 129],
      [300, 130, 129],
    ]) {
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ]) {
        const a = tf.randomNormal(ta ? [k, m] : [m, k], 0, 1, "float32", m + k);
        const b = tf.randomNormal(tb ? [n, k] : [k, n], 0, 1, "float32", n + k);
        const [A, B] = [a, b].map((t) => t.dataSync());
        const c = tf.matMul(a, b, ta, tb);
        const C = c.dataSync();
        expect(c.shape).toEqual([m, n]);
        for (let i = 0; i < m; i += 7) {
          for (let j = 0; j < n; j += 5) {
            let sum = 0;
            for (let p = 0; p < k; p++)
              sum += A[ta ? p * m + i : i * k + p] * B[tb ? j * k + p : p * n + j];
            expect(Math.abs(C[i * n + j] - sum)).toBeLessThan(1e-4 * Math.sqrt(k));
          }
        }
        tf.dispose([a, b, c]);
      }
    }
  });
});
