import { describe, expect, it } from "vitest";
import { chooseLambda } from "./choose-lambda.js";
import { lambdaGrid } from "./lambda-grid.js";

describe("lambda grid", () => {
  it("is {0} and 2^c for c evenly spaced in [lo, hi]", () => {
    const grid = lambdaGrid();
    expect(grid).toHaveLength(51);
    expect(grid[0]).toBe(0);
    expect(grid[1]).toBe(2 ** -20);
    expect(grid[50]).toBe(2 ** 20);
    const step = 40 / 49;
    for (let j = 1; j < 50; j++)
      expect(Math.log2(grid[j + 1]) - Math.log2(grid[j])).toBeCloseTo(step, 10);
    expect(lambdaGrid({ lo: -1, hi: 1, count: 3 })).toEqual([0, 0.5, 1, 2]);
    expect(lambdaGrid({ lo: 3, hi: 5, count: 1 })).toEqual([0, 8]);
    expect(() => lambdaGrid({ count: 0 })).toThrow();
    expect(() => lambdaGrid({ lo: 2, hi: 1 })).toThrow();
  });
});

describe("choose lambda", () => {
  it("takes the smallest Delta above the mean on a hand-made curve", () => {
    // Mean = (1 + 1 + 2 + 4 + 6 + 8 + 8) / 7 = 30 / 7 ~ 4.29: above it are 6, 8, 8; smallest is 6.
    const lambdas = [0, 0.25, 0.5, 1, 2, 4, 8];
    const deltas = [1, 1, 2, 4, 6, 8, 8];
    const choice = chooseLambda(lambdas, deltas);
    expect(choice.mean).toBeCloseTo(30 / 7, 12);
    expect(choice).toMatchObject({ index: 4, lambda: 2, delta: 6 });
  });

  it("breaks ties towards the largest lambda", () => {
    // Mean 3.5; the smallest Delta above it is 5, reached at lambda 2 and 4: take 4.
    const choice = chooseLambda([0, 1, 2, 4], [1, 3, 5, 5]);
    expect(choice).toMatchObject({ index: 3, lambda: 4, delta: 5 });
  });

  it("does not assume the curve is sorted or monotone", () => {
    const choice = chooseLambda([8, 0, 2, 1], [9, 0, 3, 5]);
    // mean 4.25: above are 9 (lambda 8) and 5 (lambda 1): smallest is 5.
    expect(choice).toMatchObject({ index: 3, lambda: 1 });
  });

  it("ignores non-finite Deltas and handles a flat curve", () => {
    expect(chooseLambda([0, 1, 2], [2, NaN, 4])).toMatchObject({ lambda: 2, mean: 3 });
    expect(chooseLambda([0, 1, 2], [5, 5, 5])).toMatchObject({ lambda: 2, delta: 5 });
    expect(() => chooseLambda([0], [NaN])).toThrow();
  });
});
