import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { diagonalNormal, klDiagonalNormal, standardNormalLike } from "../distributions/normal.js";
import { createRandom } from "../model/rng.js";
import { estimateTotalCorrelation, mssWeights } from "./tc-estimator.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("MSS importance weights", () => {
  it("every row sums to 1, with 1/N on the diagonal and one stratum weight per row", () => {
    for (const [batch, n] of [
      [1, 10],
      [2, 5],
      [3, 2],
      [5, 1000],
      [64, 737_280],
    ]) {
      const w = mssWeights(batch, n);
      const m = batch - 1;
      for (let b = 0; b < batch; b++) {
        const row = Array.from(w.subarray(b * batch, (b + 1) * batch));
        expect(row.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 12);
        if (batch === 1) continue;
        expect(row[b]).toBeCloseTo(1 / n, 15);
        const stratum = (n - m) / (n * m);
        const others = row.filter((_, i) => i !== b);
        expect(row[(b + 1) % batch]).toBeCloseTo(stratum, 15);
        expect(others.every((v) => v === stratum || v === 1 / m)).toBe(true);
      }
    }
  });
});

/*
 * A small discrete case with a known answer: a dataset of N points, each one of three "types"
 * whose posteriors q(z | t) are fixed 2-d diagonal Gaussians, so the aggregate posterior is an
 * exact three-component mixture and TC, index-code MI and dimension-wise KL can be integrated
 * on a grid.
 */
const types = [
  { mean: [-1.5, -1.2], std: [0.6, 0.5] },
  { mean: [1.4, 1.6], std: [0.5, 0.7] },
  { mean: [0.2, -0.1], std: [0.8, 0.6] },
];
const gauss = (x: number, m: number, s: number) =>
  Math.exp(-((x - m) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));

function exactQuantities() {
  const step = 0.04;
  const grid: number[] = [];
  for (let v = -7; v <= 7; v += step) grid.push(v);
  const marginal = (k: number, v: number) =>
    types.reduce((a, t) => a + gauss(v, t.mean[k], t.std[k]) / 3, 0);
  const m0 = grid.map((v) => marginal(0, v));
  const m1 = grid.map((v) => marginal(1, v));
  let tc = 0;
  let negEntropy = 0;
  for (let i = 0; i < grid.length; i++) {
    for (let j = 0; j < grid.length; j++) {
      const q = types.reduce(
        (a, t) =>
          a + (gauss(grid[i], t.mean[0], t.std[0]) * gauss(grid[j], t.mean[1], t.std[1])) / 3,
        0,
      );
      if (q < 1e-300) continue;
      tc += q * (Math.log(q) - Math.log(m0[i]) - Math.log(m1[j])) * step * step;
      negEntropy += q * Math.log(q) * step * step;
    }
  }
  // I(n; z) = E_t[-H(q(z | t))] - E_q(z)[-log q(z)]... written as E_t E_q(z|t) log q(z|t) - E_q log q.
  const condNegEntropy =
    types.reduce(
      (a, t) => a + t.std.reduce((b, s) => b - 0.5 * Math.log(2 * Math.PI * Math.E * s * s), 0),
      0,
    ) / 3;
  const mi = condNegEntropy - negEntropy;
  let dimKl = 0;
  for (const m of [m0, m1]) {
    for (let i = 0; i < grid.length; i++) {
      if (m[i] > 1e-300) dimKl += m[i] * (Math.log(m[i]) - Math.log(gauss(grid[i], 0, 1))) * step;
    }
  }
  return { tc, mi, dimKl };
}

function batchOf(batch: number, seed: number) {
  const random = createRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const z: number[][] = [];
  const mean: number[][] = [];
  const logVar: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const t = types[b % 3];
    z.push(t.mean.map((m, k) => m + t.std[k] * normal()));
    mean.push(t.mean);
    logVar.push(t.std.map((s) => Math.log(s * s)));
  }
  return { z, mean, logVar };
}

function estimate(
  batch: { z: number[][]; mean: number[][]; logVar: number[][] },
  n: number,
  estimator: "mws" | "mss",
) {
  const tc = tf.tidy(() =>
    estimateTotalCorrelation(
      tf.tensor2d(batch.z),
      diagonalNormal(tf.tensor2d(batch.mean), tf.tensor2d(batch.logVar)),
      n,
      estimator,
    ),
  );
  const value = tc.dataSync()[0];
  tc.dispose();
  return value;
}

/** The estimators written out directly from docs/design.md in float64, for a small batch. */
function referenceEstimate(
  batch: { z: number[][]; mean: number[][]; logVar: number[][] },
  n: number,
  estimator: "mws" | "mss",
) {
  const size = batch.z.length;
  const w =
    estimator === "mss" ? mssWeights(size, n) : new Float64Array(size * size).fill(1 / (size * n));
  const logq = (b: number, j: number, k: number) => {
    const v = Math.exp(batch.logVar[j][k]);
    return -0.5 * Math.log(2 * Math.PI * v) - (batch.z[b][k] - batch.mean[j][k]) ** 2 / (2 * v);
  };
  let total = 0;
  for (let b = 0; b < size; b++) {
    let joint = 0;
    const marg = [0, 0];
    for (let j = 0; j < size; j++) {
      joint += w[b * size + j] * Math.exp(logq(b, j, 0) + logq(b, j, 1));
      for (let k = 0; k < 2; k++) marg[k] += w[b * size + j] * Math.exp(logq(b, j, k));
    }
    total += Math.log(joint) - Math.log(marg[0]) - Math.log(marg[1]);
  }
  return total / size;
}

describe("TC estimators", () => {
  const exact = exactQuantities();

  it("KL = index-code MI + TC + dimension-wise KL on the discrete case", () => {
    const kl = tf.tidy(() =>
      tf.mean(
        klDiagonalNormal(
          diagonalNormal(
            tf.tensor2d(types.map((t) => t.mean)),
            tf.tensor2d(types.map((t) => t.std.map((s) => 2 * Math.log(s)))),
          ),
          standardNormalLike(0, 1),
        ),
      ),
    );
    expect(kl.dataSync()[0]).toBeCloseTo(exact.mi + exact.tc + exact.dimKl, 3);
    expect(exact.tc).toBeGreaterThan(0.1);
    kl.dispose();
  });

  it("match the formulas written out in float64 on a small batch", () => {
    const small = batchOf(7, 3);
    for (const estimator of ["mws", "mss"] as const) {
      expect(estimate(small, 50, estimator)).toBeCloseTo(
        referenceEstimate(small, 50, estimator),
        3,
      );
    }
  });

  it("MSS approaches the exact TC on a large batch; MWS carries its known (d - 1) log N offset", () => {
    const n = 100_000;
    const runs = [11, 12, 13].map((seed) => batchOf(600, seed));
    const mss = runs.map((b) => estimate(b, n, "mss")).reduce((a, c) => a + c, 0) / runs.length;
    const mws = runs.map((b) => estimate(b, n, "mws")).reduce((a, c) => a + c, 0) / runs.length;
    expect(Math.abs(mss - exact.tc)).toBeLessThan(0.06);
    // -log(B N) normalises both the joint and each of the d marginals, leaving (d - 1) log N.
    expect(Math.abs(mws - (exact.tc + Math.log(n)))).toBeLessThan(0.06);
  });
});
