import { describe, expect, it } from "vitest";
import { cauchyPoint } from "./cauchy-point.js";
import { solveDense } from "./dense.js";
import { LimitedMemory } from "./limited-memory.js";
import { subspaceMinimum } from "./subspace-min.js";
import { compactB, seededRandom } from "../../../test-support/optim-test-problems.js";

/*
 * The memory keeps its small matrices incrementally (one row and column per pair, the free-set
 * sums moved variable by variable); these tests rebuild each from scratch and compare.
 */

const n = 12;
const m = 4;

function randomPair(random: () => number) {
  const s = Float64Array.from({ length: n }, () => 2 * random() - 1);
  // y = H s for a fixed diagonal-dominant H keeps s^T y > 0.
  const y = s.map((si, i) => (2 + (i % 3)) * si + 0.1 * (s[(i + 1) % n] ?? 0));
  return { s, y };
}

const sum = (n: number, f: (i: number) => number) => {
  let total = 0;
  for (let i = 0; i < n; i++) total += f(i);
  return total;
};

describe("limited memory, incremental matrices", () => {
  it("equal a from-scratch build after pushes, wrap-around and free-set changes", () => {
    const random = seededRandom(17);
    const memory = new LimitedMemory(n, m);
    const pushed: { s: Float64Array; y: Float64Array }[] = [];
    const isFree = new Uint8Array(n).fill(1);
    for (let step = 0; step < 9; step++) {
      const pair = randomPair(random);
      expect(memory.push(pair.s, pair.y)).toBe(true);
      pushed.push(pair);
      for (let i = 0; i < n; i++) if (random() < 0.3) isFree[i] = 1 - isFree[i];
      memory.syncFree(isFree);

      const k = memory.count;
      expect(k).toBe(Math.min(pushed.length, m));
      // Slot a holds the last pushed pair whose push number is a modulo m.
      const slot = (a: number) => pushed[a + m * Math.floor((pushed.length - 1 - a) / m)];
      const age = (a: number) => a + m * Math.floor((pushed.length - 1 - a) / m);
      const close = (actual: number, expected: number) =>
        expect(Math.abs(actual - expected)).toBeLessThan(1e-12 * (1 + Math.abs(expected)));
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          const [pa, pb] = [slot(a), slot(b)];
          const free = (i: number) => (isFree[i] ? 1 : 0);
          close(
            memory.sy[a * m + b],
            sum(n, (i) => pa.s[i] * pb.y[i]),
          );
          close(
            memory.ss[a * m + b],
            sum(n, (i) => pa.s[i] * pb.s[i]),
          );
          close(
            memory.syFree[a * m + b],
            sum(n, (i) => free(i) * pa.s[i] * pb.y[i]),
          );
          close(
            memory.yyFree[a * m + b],
            sum(n, (i) => free(i) * pa.y[i] * pb.y[i]),
          );
          close(
            memory.ssFree[a * m + b],
            sum(n, (i) => free(i) * pa.s[i] * pb.s[i]),
          );
          close(
            memory.ssFixed[a * m + b],
            sum(n, (i) => (1 - free(i)) * pa.s[i] * pb.s[i]),
          );
        }
      }
      // theta from the newest pair; K with L in time order; M its inverse.
      const newest = pushed[pushed.length - 1];
      const theta = sum(n, (i) => newest.y[i] ** 2) / sum(n, (i) => newest.s[i] * newest.y[i]);
      close(memory.theta, theta);
      const order = 2 * k;
      const kMatrix = new Float64Array(order * order);
      for (let a = 0; a < k; a++) {
        kMatrix[a * order + a] = -sum(n, (i) => slot(a).s[i] * slot(a).y[i]);
        for (let b = 0; b < k; b++) {
          const l = age(a) > age(b) ? sum(n, (i) => slot(a).s[i] * slot(b).y[i]) : 0;
          kMatrix[(k + a) * order + b] = l;
          kMatrix[b * order + (k + a)] = l;
          kMatrix[(k + a) * order + (k + b)] = theta * sum(n, (i) => slot(a).s[i] * slot(b).s[i]);
        }
      }
      for (let e = 0; e < order * order; e++) close(memory.kMatrix[e], kMatrix[e]);
      for (let col = 0; col < order; col++) {
        for (let row = 0; row < order; row++) {
          const product = sum(
            order,
            (j) => memory.middle[row * order + j] * kMatrix[j * order + col],
          );
          expect(Math.abs(product - (row === col ? 1 : 0))).toBeLessThan(1e-9);
        }
      }
      // K - W_F^T W_F / theta and W_F^T W_F from the rows of W.
      const row = new Float64Array(order);
      const gram = new Float64Array(order * order);
      for (let i = 0; i < n; i++) {
        if (!isFree[i]) continue;
        memory.wRow(i, row);
        for (let a = 0; a < order; a++)
          for (let b = 0; b < order; b++) gram[a * order + b] += row[a] * row[b];
      }
      const freeGram = memory.freeGram(new Float64Array(order * order));
      const reduced = memory.reducedSystem(new Float64Array(order * order));
      for (let e = 0; e < order * order; e++) {
        expect(Math.abs(freeGram[e] - gram[e])).toBeLessThan(1e-10 * (1 + Math.abs(gram[e])));
        const expected = kMatrix[e] - gram[e] / theta;
        expect(Math.abs(reduced[e] - expected)).toBeLessThan(1e-10 * (1 + Math.abs(expected)));
      }
    }
  });

  it("subspace step equals the dense minimiser of the model over the free variables", () => {
    const random = seededRandom(23);
    for (let trial = 0; trial < 5; trial++) {
      const memory = new LimitedMemory(n, m);
      for (let p = 0; p < 3 + trial; p++) {
        const pair = randomPair(random);
        memory.push(pair.s, pair.y);
      }
      // A wide box with some coordinates at a bound, so the Cauchy point fixes some.
      const lower = Float64Array.from({ length: n }, () => -50);
      const upper = Float64Array.from({ length: n }, () => 50);
      const x = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? -50 : random() - 0.5));
      const g = Float64Array.from({ length: n }, () => 2 * random() - 1);
      const cauchy = cauchyPoint(x, g, lower, upper, memory);
      const target = subspaceMinimum(x, g, lower, upper, cauchy, memory);
      // Dense B = theta I - W M W^T; minimise g^T z + z^T B z / 2 over the free coordinates of
      // z = point - x + dz, the fixed ones held at the Cauchy point.
      const b = compactB(memory, n);
      const free = [...cauchy.free];
      const z = Float64Array.from(cauchy.point, (p, i) => p - x[i]);
      const reducedGradient = Float64Array.from(
        free,
        (i) => g[i] + sum(n, (j) => b[i * n + j] * z[j]),
      );
      const reducedHessian = new Float64Array(free.length * free.length);
      free.forEach((i, r) =>
        free.forEach((j, c) => (reducedHessian[r * free.length + c] = b[i * n + j])),
      );
      const dz = solveDense(
        reducedHessian,
        free.length,
        reducedGradient.map((v) => -v),
      )!;
      free.forEach((i, r) => {
        const expected = Math.min(upper[i], Math.max(lower[i], cauchy.point[i] + dz[r]));
        expect(Math.abs(target[i] - expected)).toBeLessThan(1e-8);
      });
    }
  });
});
