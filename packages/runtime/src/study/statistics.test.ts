import { describe, expect, it } from "vitest";
import {
  bootstrapReplicate,
  estimate,
  meanOfSeedMeans,
  pairedDifference,
  quantile,
  seededRandom,
} from "./statistics.js";

/** A generator that returns the given numbers in turn (to make a replicate hand-checkable). */
const sequence = (xs: number[]) => {
  let i = 0;
  return () => xs[i++ % xs.length];
};

describe("study statistics", () => {
  it("weighs every seed the same: the mean of seed means", () => {
    // seed 1: pairs 1, 2, 3 (mean 2); seed 2: pair 10 (mean 10); (2 + 10) / 2 = 6
    expect(
      meanOfSeedMeans([
        { seed: 1, values: [1, 2, 3] },
        { seed: 2, values: [10] },
      ]),
    ).toBe(6);
  });

  it("interpolates quantiles between order statistics (type 7)", () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([1, 2, 3, 4], 0.975)).toBeCloseTo(3.925, 12);
    expect(quantile([5], 0.5)).toBe(5);
  });

  it("draws a replicate as seeds with replacement, then pairs within each drawn seed", () => {
    const groups = [
      { seed: 1, values: [0, 4] },
      { seed: 2, values: [10, 20] },
    ];
    // seed draws: 0.9 -> seed 2, its pairs 0.1 -> 10 and 0.6 -> 20 (mean 15);
    // then 0.2 -> seed 1, its pairs 0.7 -> 4, 0.8 -> 4 (mean 4); replicate = (15 + 4) / 2 = 9.5
    expect(bootstrapReplicate(groups, sequence([0.9, 0.1, 0.6, 0.2, 0.7, 0.8]))).toBe(9.5);
  });

  it("gives [c, c] for constant data and is reproducible for a seed", () => {
    const constant = estimate([
      { seed: 1, values: [3, 3, 3] },
      { seed: 2, values: [3] },
    ]);
    expect(constant).toEqual({ mean: 3, lo: 3, hi: 3, seeds: 2, n: 4 });
    const groups = [
      { seed: 1, values: [1, 5, 2] },
      { seed: 2, values: [7, 3, 4] },
    ];
    expect(estimate(groups, { seed: 7 })).toEqual(estimate(groups, { seed: 7 }));
  });

  it("covers the exact bootstrap distribution of a hand-computed case", () => {
    // One seed, pairs {0, 1}: resampled means are 0 (1/4), 0.5 (1/2) and 1 (1/4), so the 2.5%
    // and 97.5% percentiles of many replicates are 0 and 1.
    const e = estimate([{ seed: 1, values: [0, 1] }], { seed: 3 });
    expect(e).toMatchObject({ mean: 0.5, lo: 0, hi: 1, seeds: 1, n: 2 });
  });

  it("pairs A and B by seed: mean difference and the share of seeds A is greater", () => {
    // seed 1: A 4, B 1 (+3); seed 2: A 4, B 5 (-1); seed 3 only in A: left out. Mean +1, A > B in 1 of 2.
    const a = [
      { seed: 1, values: [3, 5] },
      { seed: 2, values: [4] },
      { seed: 3, values: [100] },
    ];
    const b = [
      { seed: 1, values: [1, 1] },
      { seed: 2, values: [5] },
    ];
    const d = pairedDifference(a, b, { seed: 1 });
    expect(d).toMatchObject({ mean: 1, seeds: 2, aGreater: 0.5 });
    expect(d.lo).toBeLessThanOrEqual(1);
    expect(d.hi).toBeGreaterThanOrEqual(1);
    // Every replicate lies between the worst and best seed differences' pair extremes.
    expect(d.lo).toBeGreaterThanOrEqual(-1);
    expect(d.hi).toBeLessThanOrEqual(4);
  });

  it("resamples pair differences when the pairs are matched", () => {
    // Differences per pair are all exactly 2, so the interval collapses to [2, 2].
    const a = [{ seed: 1, values: [3, 7, 5] }];
    const b = [{ seed: 1, values: [1, 5, 3] }];
    expect(pairedDifference(a, b, { matchedPairs: true })).toMatchObject({
      mean: 2,
      lo: 2,
      hi: 2,
      aGreater: 1,
    });
    // Unmatched, the same numbers vary: the interval is wider than a point.
    const loose = pairedDifference(a, b, { matchedPairs: false });
    expect(loose.hi - loose.lo).toBeGreaterThan(0);
  });

  it("makes a uniform seeded generator", () => {
    const r = seededRandom(42);
    const xs = Array.from({ length: 10000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});
