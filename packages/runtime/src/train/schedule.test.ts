import { describe, expect, it } from "vitest";
import { describeSchedule, learningRateAt } from "./schedule.js";

describe("learningRateAt", () => {
  it("is the optimizer's rate when constant", () => {
    const s = { kind: "constant", warmup: 0 } as const;
    expect([0, 1, 999].map((step) => learningRateAt(s, 1e-3, step, 1000))).toEqual([
      1e-3, 1e-3, 1e-3,
    ]);
  });

  it("warms up linearly, reaching the rate at the end of the warm-up", () => {
    const s = { kind: "constant", warmup: 4 } as const;
    expect([0, 1, 2, 3, 4, 10].map((step) => learningRateAt(s, 1, step, 100))).toEqual([
      0.25, 0.5, 0.75, 1, 1, 1,
    ]);
  });

  it("follows half a cosine from lr to min_lr, ending at min_lr on the last step", () => {
    const s = { kind: "cosine", warmup: 10, minLr: 0.1 } as const;
    // 10 warm-up steps, then steps 10..110 (101 of them) span the half period.
    expect(learningRateAt(s, 1, 9, 111)).toBe(1);
    expect(learningRateAt(s, 1, 10, 111)).toBe(1);
    expect(learningRateAt(s, 1, 60, 111)).toBeCloseTo(0.55, 12);
    expect(learningRateAt(s, 1, 110, 111)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(s, 1, 500, 111)).toBeCloseTo(0.1, 12);
  });

  it("drops by the factor every `every` steps after the warm-up", () => {
    const s = { kind: "step", warmup: 2, every: 3, factor: 0.5 } as const;
    expect([2, 4, 5, 7, 8, 11].map((step) => learningRateAt(s, 8, step, 100))).toEqual([
      8, 8, 4, 4, 2, 1,
    ]);
  });

  it("is a pure function: the same step gives the same rate in any order", () => {
    const s = { kind: "cosine", warmup: 5, minLr: 0 } as const;
    const forward = Array.from({ length: 50 }, (_, i) => learningRateAt(s, 3e-3, i, 50));
    const backward = Array.from({ length: 50 }, (_, i) => learningRateAt(s, 3e-3, 49 - i, 50));
    expect(backward.reverse()).toEqual(forward);
  });

  it("describes itself in words", () => {
    expect(describeSchedule({ kind: "cosine", warmup: 500, minLr: 1e-5 }, 1e-3)).toBe(
      "cosine from lr 0.001 to 0.00001 after a 500-step linear warm-up",
    );
  });
});
