import { describe, expect, it } from "vitest";
import { recordFixture as record } from "../../test-support/record-fixture.js";
import { pairedComparisons, studyCells } from "./study-table.js";
import { resultsContext, variantsOf } from "./results-context.js";
import { changeDifference, modelContrasts, trendContrast } from "./results-contrasts.js";
import type { PointRecord } from "./point-record.js";

/*
 * Contrasts against hand-computed cases. With two seeds and every pair of a seed equal, a
 * two-stage bootstrap replicate is one of three values (seed 1 twice, seed 2 twice, or one of
 * each: probabilities 1/4, 1/4, 1/2), so the 2.5% and 97.5% quantiles of 2,000 replicates are
 * exactly the two seeds' own values.
 */

const study = (records: PointRecord[]) => {
  const specs = [...new Set(records.map((r) => r.spec))];
  return resultsContext(
    {
      records,
      cells: studyCells(records),
      comparisons: pairedComparisons(records, specs),
    },
    "sprites",
  );
};

describe("results contrasts", () => {
  it("a model at the highest beta minus the lowest, at matched seeds and pairs", () => {
    const ctx = study([
      record({ spec: "tcvae", beta: 1, seed: 1, deltas: [1, 1] }),
      record({ spec: "tcvae", beta: 1, seed: 2, deltas: [5, 5] }),
      record({ spec: "tcvae", beta: 4, seed: 1, deltas: [9, 9] }),
      record({ spec: "tcvae", beta: 8, seed: 1, deltas: [2, 2] }),
      record({ spec: "tcvae", beta: 8, seed: 2, deltas: [2, 2] }),
    ]);
    const [v] = variantsOf(ctx, "tcvae");
    // Per seed: 2 - 1 = +1 and 2 - 5 = -3; mean -1; replicates in {+1, -1, -3}.
    const row = trendContrast(ctx, "grows", v, "kl", "deltaWithoutLambda", "positive")!;
    expect(row.contrast).toBe("tcvae: β = 8 - β = 1");
    expect(row.estimate.mean).toBeCloseTo(-1, 12);
    expect(row.estimate.lo).toBeCloseTo(-3, 12);
    expect(row.estimate.hi).toBeCloseTo(1, 12);
    expect(row.agreeing).toBe(0.5);
    expect(row.verdict).toBe("within noise");
  });

  it("the difference of two models' ELBO changes over beta", () => {
    const ctx = study([
      record({ spec: "tcvae", beta: 1, seed: 1, elbo: -100 }),
      record({ spec: "tcvae", beta: 1, seed: 2, elbo: -102 }),
      record({ spec: "tcvae", beta: 8, seed: 1, elbo: -110 }),
      record({ spec: "tcvae", beta: 8, seed: 2, elbo: -108 }),
      record({ spec: "seatbelt", beta: 1, seed: 1, elbo: -100 }),
      record({ spec: "seatbelt", beta: 1, seed: 2, elbo: -101 }),
      record({ spec: "seatbelt", beta: 8, seed: 1, elbo: -103 }),
      record({ spec: "seatbelt", beta: 8, seed: 2, elbo: -105 }),
    ]);
    const [a] = variantsOf(ctx, "seatbelt");
    const [b] = variantsOf(ctx, "tcvae");
    // Changes: seatbelt -3 and -4, tcvae -10 and -6; differences +7 and +2.
    const row = changeDifference(ctx, "slower", a, b)!;
    expect(row.estimate.mean).toBeCloseTo(4.5, 12);
    expect(row.estimate.lo).toBeCloseTo(2, 12);
    expect(row.estimate.hi).toBeCloseTo(7, 12);
    expect(row.estimate.seeds).toBe(2);
    expect(row.agreeing).toBe(1);
    expect(row.verdict).toBe("holds");
  });

  it("two models at matched beta are the study's paired comparisons (paired.csv)", () => {
    const records = [1, 2].flatMap((seed) => [
      record({ spec: "tcvae", beta: 2, seed, deltas: [1, 2 * seed], logLikelihoods: [-4, -6] }),
      record({ spec: "seatbelt", beta: 2, seed, deltas: [4, 3 + seed], logLikelihoods: [-9, -8] }),
    ]);
    const ctx = study(records);
    const [a] = variantsOf(ctx, "seatbelt");
    const [b] = variantsOf(ctx, "tcvae");
    const rows = modelContrasts(
      ctx,
      "more robust",
      a,
      b,
      [
        { attack: "kl", metric: "deltaWithoutLambda" },
        { attack: "kl", metric: "logLikelihoodTarget" },
      ],
      "a more robust",
    );
    const paired = pairedComparisons(records, ["tcvae", "seatbelt"]).find(
      (c) => c.attack === "kl" && c.metric === "deltaWithoutLambda",
    )!;
    expect(rows[0].estimate).toEqual(paired.difference);
    // Seed 1: (4 + 4)/2 - (1 + 2)/2 = 2.5; seed 2: (4 + 5)/2 - (1 + 4)/2 = 2.
    expect(rows[0].estimate.mean).toBeCloseTo(2.25, 12);
    expect(rows[0].verdict).toBe("holds");
    expect(rows[0].agreeing).toBe(1);
    // log p(x_t | z*) is 3.5 lower in both seeds: more robust, so the claim holds there too.
    expect(rows[1].estimate.mean).toBeCloseTo(-3.5, 12);
    expect(rows[1].verdict).toBe("holds");
  });

  it("one seed is too few for a verdict", () => {
    const ctx = study([
      record({ spec: "tcvae", beta: 1, seed: 1, deltas: [1, 2] }),
      record({ spec: "tcvae", beta: 8, seed: 1, deltas: [5, 9] }),
    ]);
    const [v] = variantsOf(ctx, "tcvae");
    const row = trendContrast(ctx, "grows", v, "kl", "deltaWithoutLambda", "positive")!;
    expect(row.estimate.mean).toBeCloseTo(5.5, 12);
    expect(row.verdict).toBe("too few seeds");
  });
});
