import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { installFastMatMul, isFastMatMulInstalled, uninstallFastMatMul } from "./fast-matmul.js";
import { initBackend } from "./init-backend.js";

type Case = {
  name: string;
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
  forwardOnly?: boolean;
};

// Shapes chosen so each rewrite branch is taken: a big weight on either side, batches, broadcasting.
const cases: Case[] = [
  {
    name: "x^T dy (weight gradient)",
    a: [16, 40],
    b: [16, 24],
    transposeA: true,
    transposeB: false,
  },
  { name: "A^T B with a big B", a: [3, 2], b: [3, 50], transposeA: true, transposeB: false },
  {
    name: "dy W^T (input gradient)",
    a: [16, 24],
    b: [40, 24],
    transposeA: false,
    transposeB: true,
  },
  { name: "small B^T", a: [50, 6], b: [2, 6], transposeA: false, transposeB: true },
  { name: "A^T B^T", a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
  { name: "A^T B^T big output", a: [2, 30], b: [40, 2], transposeA: true, transposeB: true },
  { name: "batched A B^T", a: [3, 8, 5], b: [3, 6, 5], transposeA: false, transposeB: true },
  // tfjs's own BatchMatMul gradient does not reduce broadcast batch dimensions: forward only.
  {
    name: "broadcast A^T B",
    a: [4, 9, 5],
    b: [9, 7],
    transposeA: true,
    transposeB: false,
    forwardOnly: true,
  },
  { name: "plain", a: [5, 6], b: [6, 7], transposeA: false, transposeB: false },
];

function product(c: Case, seed: number) {
  return tf.tidy(() => {
    const a = tf.randomNormal(c.a, 0, 1, "float32", seed);
    const b = tf.randomNormal(c.b, 0, 1, "float32", seed + 1);
    const out = tf.matMul(a, b, c.transposeA, c.transposeB);
    if (c.forwardOnly) return [{ shape: out.shape, values: Array.from(out.dataSync()) }];
    const r = tf.randomNormal(out.shape, 0, 1, "float32", seed + 2);
    const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(tf.matMul(x, y, c.transposeA, c.transposeB), r)),
    );
    const [da, db] = grads([a, b]);
    return [out, da, db].map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) }));
  });
}

describe("fast BatchMatMul on wasm", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm", env: {}, fastPath: { matmul: true, blas: false } });
  });

  it.each(cases)("$name: product and both gradients equal the shipped kernel's", (c) => {
    installFastMatMul();
    expect(isFastMatMulInstalled()).toBe(true);
    const before = tf.memory().numTensors;
    const fast = product(c, 7);
    expect(tf.memory().numTensors).toBe(before);
    uninstallFastMatMul();
    expect(isFastMatMulInstalled()).toBe(false);
    const plain = product(c, 7);
    installFastMatMul();
    expect(fast.length).toBe(plain.length);
    for (let i = 0; i < fast.length; i++) {
      expect(fast[i].shape).toEqual(plain[i].shape);
      const scale = Math.max(1, ...plain[i].values.map(Math.abs));
      fast[i].values.forEach((v, j) =>
        expect(Math.abs(v - plain[i].values[j])).toBeLessThan(1e-5 * scale),
      );
    }
  });

  it("matches the cpu backend on a dense layer's gradients", async () => {
    const c = cases[2];
    const fast = product(c, 11);
    await initBackend({ backend: "cpu" });
    const cpu = product(c, 11);
    await initBackend({ backend: "wasm", env: {}, fastPath: { blas: false } });
    for (let i = 0; i < 3; i++) {
      fast[i].values.forEach((v, j) => expect(v).toBeCloseTo(cpu[i].values[j], 4));
    }
  });
});

describe("fast _FusedMatMul on wasm", () => {
  const fusedCase = (backendName: string) =>
    tf.tidy(() => {
      const a = tf.randomNormal([6, 9], 0, 1, "float32", 1);
      const bt = tf.randomNormal([5, 9], 0, 1, "float32", 3);
      const bias = tf.randomNormal([5], 0, 1, "float32", 4);
      const at = tf.randomNormal([9, 6], 0, 1, "float32", 5);
      const b = tf.randomNormal([9, 5], 0, 1, "float32", 6);
      return [
        tf.fused.matMul({ a, b: bt, transposeB: true, bias, activation: "linear" }),
        tf.fused.matMul({ a: at, b, transposeA: true, bias, activation: "relu" }),
      ].map((t) => ({ backendName, values: Array.from(t.dataSync()) }));
    });

  it("matches the cpu backend with transposed operands and a bias (the shipped kernel does not)", async () => {
    await initBackend({ backend: "cpu", env: {} });
    const cpu = fusedCase("cpu");
    await initBackend({ backend: "wasm", env: {}, fastPath: { matmul: true, blas: false } });
    const fast = fusedCase("wasm");
    fast.forEach((r, i) => r.values.forEach((v, j) => expect(v).toBeCloseTo(cpu[i].values[j], 4)));
  });
});
