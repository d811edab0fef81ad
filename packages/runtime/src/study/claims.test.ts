import { describe, expect, it } from "vitest";
import { claimVerdict, verdictCounts } from "./claims.js";

const ci = (lo: number, hi: number, seeds = 3) => ({ lo, hi, seeds });

describe("claim verdicts", () => {
  it("holds when the interval excludes 0 on the claimed side", () => {
    expect(claimVerdict(ci(0.5, 2), "positive")).toBe("holds");
    expect(claimVerdict(ci(-2, -0.5), "negative")).toBe("holds");
  });

  it("is contradicted when the interval excludes 0 on the other side", () => {
    expect(claimVerdict(ci(-2, -0.5), "positive")).toBe("contradicted");
    expect(claimVerdict(ci(0.5, 2), "negative")).toBe("contradicted");
  });

  it("is within noise when the interval covers 0, its ends included", () => {
    expect(claimVerdict(ci(-1, 1), "positive")).toBe("within noise");
    expect(claimVerdict(ci(-1, 1), "negative")).toBe("within noise");
    expect(claimVerdict(ci(0, 2), "positive")).toBe("within noise");
    expect(claimVerdict(ci(-2, 0), "negative")).toBe("within noise");
  });

  it("says nothing about models from one seed or without an interval", () => {
    expect(claimVerdict(ci(1, 2, 1), "positive")).toBe("too few seeds");
    expect(claimVerdict(ci(NaN, NaN), "positive")).toBe("too few seeds");
  });

  it("counts verdicts in a fixed order", () => {
    expect(verdictCounts(["holds", "holds", "contradicted"])).toEqual({
      holds: 2,
      "within noise": 0,
      contradicted: 1,
      "too few seeds": 0,
    });
  });
});
