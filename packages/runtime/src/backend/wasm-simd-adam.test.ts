import { describe, expect, it } from "vitest";
import { simdAdam } from "./wasm-simd-adam.js";

describe("the WebAssembly SIMD Adam loop", () => {
  it("assembles, and computes the JavaScript loop's step on its own memory", () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const loop = simdAdam(memory);
    expect(loop).toBeDefined();
    const n = 64;
    const arrays = Array.from(
      { length: 7 },
      (_, k) => new Float32Array(memory.buffer, k * n * 4, n),
    );
    const [P, G, M, V] = arrays;
    for (let i = 0; i < n; i++) {
      P[i] = Math.sin(i);
      G[i] = Math.cos(3 * i);
      M[i] = 0.1 * Math.sin(5 * i);
      V[i] = 0.01 * (1 + Math.cos(7 * i));
    }
    const [rate, b1, b2, eps] = [0.01, 0.9, 0.999, 1e-8];
    const expected = Array.from({ length: n }, (_, i) => {
      const m = b1 * M[i] + (1 - b1) * G[i];
      const v = b2 * V[i] + (1 - b2) * G[i] * G[i];
      return [P[i] - (rate * m) / (Math.sqrt(v) + eps), m, v];
    });
    // Moments in place (M2 = M, V2 = V), the parameter into a new array.
    const offsets = arrays.map((a) => a.byteOffset);
    loop!(
      offsets[0],
      offsets[1],
      offsets[2],
      offsets[3],
      offsets[4],
      offsets[2],
      offsets[3],
      n * 4,
      rate,
      b1,
      1 - b1,
      b2,
      1 - b2,
      eps,
    );
    for (let i = 0; i < n; i++) {
      expect(Math.abs(arrays[4][i] - expected[i][0])).toBeLessThan(1e-6);
      expect(Math.abs(M[i] - expected[i][1])).toBeLessThan(1e-6);
      expect(Math.abs(V[i] - expected[i][2])).toBeLessThan(1e-7);
    }
  });

  it("imports a shared memory too (the threaded build)", () => {
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    const loop = simdAdam(shared);
    expect(loop).toBeDefined();
    const a = new Float32Array(shared.buffer, 0, 16 * 7);
    a.fill(1);
    loop!(0, 64, 128, 192, 256, 128, 192, 64, 0.5, 0.9, 0.1, 0.999, 0.001, 0);
    // m = 0.9 + 0.1 = 1, v = 0.999 + 0.001 = 1, p = 1 - 0.5 * 1 / 1 = 0.5
    expect(Array.from(a.subarray(64, 80))).toEqual(Array(16).fill(0.5));
  });
});
