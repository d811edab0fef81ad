import { describe, expect, it } from "vitest";
import { cauchyPoint } from "./cauchy-point.js";
import { LimitedMemory } from "./limited-memory.js";
import { compactB, seededRandom } from "../../../test-support/optim-test-problems.js";

/** Dense BFGS from B0 = theta I through the pairs, the textbook recursion. */
function denseBfgs(
  pairs: { s: Float64Array; y: Float64Array }[],
  theta: number,
  n: number,
): Float64Array {
  const b = new Float64Array(n * n);
  for (let i = 0; i < n; i++) b[i * n + i] = theta;
  for (const { s, y } of pairs) {
    const bs = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) bs[i] += b[i * n + j] * s[j];
    const sBs = s.reduce((acc, si, i) => acc + si * bs[i], 0);
    const ys = s.reduce((acc, si, i) => acc + si * y[i], 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) b[i * n + j] += -(bs[i] * bs[j]) / sBs + (y[i] * y[j]) / ys;
    }
  }
  return b;
}

function randomPairs(n: number, count: number, random: () => number) {
  // Pairs from a fixed SPD Hessian so every s^T y > 0.
  const h = Float64Array.from({ length: n * n }, () => 0);
  for (let i = 0; i < n; i++) h[i * n + i] = 1 + 3 * random();
  for (let i = 0; i < n - 1; i++) h[i * n + i + 1] = h[(i + 1) * n + i] = 0.3;
  return Array.from({ length: count }, () => {
    const s = Float64Array.from({ length: n }, () => 2 * random() - 1);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i] += h[i * n + j] * s[j];
    return { s, y };
  });
}

describe("limited memory", () => {
  it("matches the dense BFGS recursion from theta I", () => {
    const n = 6;
    const pairs = randomPairs(n, 4, seededRandom(3));
    const memory = new LimitedMemory(n, 10);
    for (const p of pairs) expect(memory.push(p.s, p.y)).toBe(true);
    const dense = denseBfgs(pairs, memory.theta, n);
    const compact = compactB(memory, n);
    for (let e = 0; e < n * n; e++) expect(compact[e]).toBeCloseTo(dense[e], 9);
  });

  it("keeps only the last m pairs", () => {
    const n = 5;
    const pairs = randomPairs(n, 7, seededRandom(5));
    const memory = new LimitedMemory(n, 3);
    for (const p of pairs) memory.push(p.s, p.y);
    expect(memory.count).toBe(3);
    const dense = denseBfgs(pairs.slice(4), memory.theta, n);
    const compact = compactB(memory, n);
    for (let e = 0; e < n * n; e++) expect(compact[e]).toBeCloseTo(dense[e], 9);
  });
});

describe("cauchy point", () => {
  it("is the first local minimiser of the model along the projected gradient path", () => {
    const random = seededRandom(9);
    for (let trial = 0; trial < 10; trial++) {
      const n = 5;
      const memory = new LimitedMemory(n, 5);
      for (const p of randomPairs(n, 3, random)) memory.push(p.s, p.y);
      const b = compactB(memory, n);
      const x = Float64Array.from({ length: n }, () => random());
      const g = Float64Array.from({ length: n }, () => 4 * random() - 2);
      const lower = new Float64Array(n).fill(0);
      const upper = new Float64Array(n).fill(1);
      const model = (t: number) => {
        const z = x.map((xi, i) => Math.min(1, Math.max(0, xi - t * g[i])) - xi);
        let v = 0;
        for (let i = 0; i < n; i++) {
          v += g[i] * z[i];
          for (let j = 0; j < n; j++) v += 0.5 * z[i] * b[i * n + j] * z[j];
        }
        return { v, point: z.map((zi, i) => zi + x[i]) };
      };
      // Brute force: walk the path finely and stop at the first increase.
      let best = model(0);
      const dt = 1e-5;
      for (let t = dt; t < 5; t += dt) {
        const next = model(t);
        if (next.v > best.v) break;
        best = next;
      }
      const cp = cauchyPoint(x, g, lower, upper, memory);
      for (let i = 0; i < n; i++) expect(Math.abs(cp.point[i] - best.point[i])).toBeLessThan(1e-4);
    }
  });
});
