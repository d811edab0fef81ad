import { describe, expect, it } from "vitest";
import { lambdaGrid } from "../checks/check-attack.js";
import { convOutputSize, convParamCount, denseParamCount } from "./network-size.js";

describe("network sizes", () => {
  it("count dense weights and biases", () => {
    // the beta-TCVAE reference encoder 4096-1200-1200-2x10
    expect(denseParamCount([4096, 1200, 1200, 20])).toBe(
      4096 * 1200 + 1200 + 1200 * 1200 + 1200 + 1200 * 20 + 20,
    );
    expect(denseParamCount([7])).toBe(0);
  });

  it("count conv kernels and biases", () => {
    expect(convParamCount([3, 32, 64], 4)).toBe(3 * 32 * 16 + 32 + 32 * 64 * 16 + 64);
  });

  it("divide the image by the stride per layer, exactly", () => {
    expect(convOutputSize(64, 2, 4)).toBe(4);
    expect(convOutputSize(28, 2, 2)).toBe(7);
    expect(convOutputSize(28, 2, 3)).toBeUndefined();
  });
});

describe("lambdaGrid", () => {
  it("is {0} and 2^c for evenly spaced c, ends included", () => {
    const grid = lambdaGrid(-20, 20, 50);
    expect(grid).toHaveLength(51);
    expect(grid[0]).toBe(0);
    expect(grid[1]).toBe(2 ** -20);
    expect(grid[50]).toBe(2 ** 20);
    expect(Math.log2(grid[2]) - Math.log2(grid[1])).toBeCloseTo(40 / 49, 12);
  });
});
