import { describe, expect, it } from "vitest";
import { mutualInformationGap } from "./mig.js";

/*
 * A synthetic encoder over a balanced grid of factors, whose codes are functions of the factors
 * chosen so every mutual information is known exactly: a constant colour, v1 uniform on 4 values
 * and v2 uniform on 8, each combination 3 times (n = 96).
 */
const grid: number[][] = [];
for (let rep = 0; rep < 3; rep++)
  for (let v1 = 0; v1 < 4; v1++) for (let v2 = 0; v2 < 8; v2++) grid.push([0, v1, v2]);
const factors = grid.flat();
const names = ["colour", "v1", "v2"];

function encode(code: (v1: number, v2: number) => number[]): { codes: number[]; dims: number } {
  const rows = grid.map(([, v1, v2]) => code(v1, v2));
  return { codes: rows.flat(), dims: rows[0].length };
}

describe("mutualInformationGap", () => {
  it("matches the closed form on codes with known mutual information", () => {
    // z0 = v1: I(z0; v1) = log 4.  z1 = floor(v2 / 2): I(z1; v2) = log 4.
    // z2 = v2 mod 2: I(z2; v2) = log 2.  z3 = v1 mod 2: I(z3; v1) = log 2.  All others are 0.
    const { codes, dims } = encode((v1, v2) => [v1, Math.floor(v2 / 2), v2 % 2, v1 % 2]);
    const result = mutualInformationGap({ codes, dims, factors, factorNames: names });
    const [v1, v2] = result.factors;
    expect(result.factors.map((f) => f.name)).toEqual(["v1", "v2"]); // colour has H = 0
    expect(v1.entropy).toBeCloseTo(Math.log(4), 12);
    expect(v2.entropy).toBeCloseTo(Math.log(8), 12);
    const expectedV1 = [Math.log(4), 0, 0, Math.log(2)];
    const expectedV2 = [0, Math.log(4), Math.log(2), 0];
    v1.information.forEach((v, j) => expect(v).toBeCloseTo(expectedV1[j], 12));
    v2.information.forEach((v, j) => expect(v).toBeCloseTo(expectedV2[j], 12));
    expect(v1.best).toBe(0);
    expect(v2.best).toBe(1);
    expect(v1.gap).toBeCloseTo(1 / 2, 12); // (log 4 - log 2) / log 4
    expect(v2.gap).toBeCloseTo(1 / 3, 12); // (log 4 - log 2) / log 8
    expect(result.mig).toBeCloseTo(5 / 12, 12);
  });

  it("is 1 for an axis-aligned code and 0 when two dimensions carry the same factor", () => {
    // Any strictly monotone map keeps the bins apart, so the information is unchanged.
    const aligned = encode((v1, v2) => [Math.exp(v1), -3 * v2 + 0.5]);
    expect(mutualInformationGap({ ...aligned, factors, factorNames: names }).mig).toBeCloseTo(
      1,
      12,
    );
    const duplicated = encode((v1, v2) => [v1, v1, v2, v2]);
    expect(mutualInformationGap({ ...duplicated, factors, factorNames: names }).mig).toBeCloseTo(
      0,
      12,
    );
  });

  it("is null when no factor varies", () => {
    const { codes, dims } = encode((v1) => [v1]);
    const constant = grid.map(() => [0]).flat();
    expect(
      mutualInformationGap({ codes, dims, factors: constant, factorNames: ["colour"] }).mig,
    ).toBeNull();
  });
});
