import { describe, expect, it } from "vitest";
import { recordFixture as record } from "../../test-support/record-fixture.js";
import type { PointRecord } from "./point-record.js";
import {
  agreement,
  attackMeasures,
  metricAgreements,
  REFERENCE_MEASURES,
} from "./metric-agreement.js";

const [margin, mig] = REFERENCE_MEASURES;
const [delta, relative, auddc, success] = attackMeasures("kl");

/** Point i: margin m[i], Delta d[i] on both pairs, downstream success s[i] on both pairs. */
function points(m: number[], d: number[], s?: number[]): PointRecord[] {
  return m.map((value, i) => {
    const r = record({
      spec: "a",
      beta: i + 1,
      seed: 1,
      deltas: [d[i], d[i]],
      eval: { margin: value },
    });
    if (s) for (const p of r.attacks[0].pairs) p.downstreamSuccess = s[i];
    return r;
  });
}

describe("agreement", () => {
  it("is rho = 1, with the interval at 1, when two measures rank the points alike", () => {
    const a = agreement(points([1, 2, 3, 4, 5], [10, 20, 35, 36, 90]), margin, delta)!;
    expect(a.rho).toBeCloseTo(1, 12);
    expect(a.lo).toBeCloseTo(1, 12);
    expect(a.hi).toBeCloseTo(1, 12);
    expect([a.n, a.verdict]).toEqual([5, "agree"]);
  });

  it("is rho = -1 and `disagree` when they rank the points in reverse", () => {
    const a = agreement(points([1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]), margin, delta)!;
    expect(a.rho).toBeCloseTo(-1, 12);
    expect(a.verdict).toBe("disagree");
  });

  it("orients downstream success so that fewer successful attacks is more robust", () => {
    // The margin grows as the attack succeeds less often: the two agree.
    const a = agreement(
      points([1, 2, 3, 4, 5], [1, 1, 1, 1, 1], [0.9, 0.7, 0.5, 0.3, 0.1]),
      margin,
      success,
    )!;
    expect(a.rho).toBeCloseTo(1, 12);
    expect(a.verdict).toBe("agree");
  });

  it("gives Spearman's rho with average ranks for ties (hand computed)", () => {
    // Ranks x = 1..5, y = 1, 2.5, 2.5, 4, 5: rho = Pearson of the ranks = 0.974679...
    const a = agreement(points([1, 2, 3, 4, 5], [1, 2, 2, 4, 5]), margin, delta)!;
    expect(a.rho).toBeCloseTo(9.5 / Math.sqrt(10 * 9.5), 12);
  });

  it("is within noise for an unrelated ordering, and reproducible", () => {
    const recs = points([1, 2, 3, 4, 5, 6, 7, 8], [3, 8, 1, 6, 2, 7, 4, 5]);
    const a = agreement(recs, margin, delta)!;
    expect(a.lo).toBeLessThan(0);
    expect(a.hi).toBeGreaterThan(0);
    expect(a.verdict).toBe("within noise");
    expect(agreement(recs, margin, delta)).toEqual(a);
  });

  it("divides Delta by the unattacked divergence, pair by pair", () => {
    const [r] = points([1], [6]);
    r.attacks[0].pairs[0].baselineDelta = 12;
    r.attacks[0].pairs[1].baselineDelta = 24;
    expect(relative.value(r)).toBeCloseTo((0.5 + 0.25) / 2, 12);
  });

  it("needs four points with both values and some spread", () => {
    expect(agreement(points([1, 2, 3], [1, 2, 3]), margin, delta)).toBeNull();
    expect(agreement(points([1, 2, 3, 4], [5, 5, 5, 5]), margin, delta)).toBeNull();
    // No MIG in these records.
    expect(agreement(points([1, 2, 3, 4], [1, 2, 3, 4]), mig, delta)).toBeNull();
  });
});

describe("metricAgreements", () => {
  it("compares the margin with each attack measure, and Delta with downstream success", () => {
    const recs = points([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [0.5, 0.4, 0.3, 0.2, 0.1]);
    for (const r of recs) for (const p of r.attacks[0].pairs) p.auddc = r.eval.margin / 10;
    const rows = metricAgreements(recs, ["kl"]);
    expect(rows.map((r) => `${r.a.key}~${r.b.key}`)).toEqual([
      "margin~kl.delta",
      "margin~kl.auddc",
      "margin~kl.success",
      "kl.delta~kl.success",
    ]);
    // The fixtures' pairs have no unattacked divergence (0): no Delta / Delta_0 rows.
    expect(relative.value(recs[0])).toBeNull();
    expect(rows.every((r) => r.verdict === "agree")).toBe(true);
    expect(auddc.value(recs[0])).toBeCloseTo(0.1, 12);
  });
});
