import { describe, expect, it } from "vitest";
import type { PairRow, PointRecord } from "./point-record.js";
import { longRows, pairedComparisons, studyCells } from "./study-table.js";

const pair = (i: number, delta: number): PairRow => ({
  pair: i,
  source: i,
  target: i + 10,
  lambda: 1,
  delta,
  deltaWithoutLambda: delta,
  distortion: 1,
  logLikelihoodTarget: -5,
  l2ToTarget: 2,
  l2ToSource: 3,
  baselineDelta: 0,
});

function record(
  spec: string,
  beta: number,
  seed: number,
  elbo: number,
  deltas: number[],
): PointRecord {
  return {
    format: "vaec-study-point",
    version: 1,
    id: `${spec}-${beta}-${seed}`,
    runDir: `runs/${spec}-${beta}-${seed}`,
    spec,
    model: spec.toUpperCase(),
    family: "vae",
    data: "sprites",
    latentDims: 4,
    axes: { beta, "train.seed": seed },
    seed,
    step: 10,
    totalSteps: 10,
    attackDigest: "d",
    eval: { elbo, "kl.z": 1 },
    attacks: [{ kind: "kl", pairs: deltas.map((d, i) => pair(i, d)) }],
    training: "trained",
    seconds: { train: 1, attack: 1 },
    finishedAt: "",
  };
}

const records = [
  record("a", 1, 1, -100, [1, 3]),
  record("a", 1, 2, -102, [2, 4]),
  record("b", 1, 1, -90, [5, 7]),
  record("b", 1, 2, -96, [2, 2]),
  record("a", 2, 1, -110, [8, 8]),
];

describe("study tables", () => {
  it("keeps one row per pair and one per point", () => {
    expect(longRows(records)).toHaveLength(5 + 10);
  });

  it("makes a cell per spec, axis values and metric, averaging seeds then pairs", () => {
    const cells = studyCells(records);
    const delta = cells.find(
      (c) => c.spec === "a" && c.axes.beta === 1 && c.attack === "kl" && c.metric === "delta",
    )!;
    // seed 1: (1 + 3) / 2 = 2; seed 2: (2 + 4) / 2 = 3; mean 2.5 over 2 seeds and 4 pairs
    expect(delta.estimate).toMatchObject({ mean: 2.5, seeds: 2, n: 4 });
    expect(delta.axes).toEqual({ beta: 1 });
    const perDim = cells.find(
      (c) => c.spec === "a" && c.axes.beta === 1 && c.metric === "deltaPerDim",
    )!;
    expect(perDim.estimate.mean).toBeCloseTo(2.5 / 4, 12);
    const elbo = cells.find((c) => c.spec === "b" && c.metric === "elbo")!;
    expect(elbo.estimate).toMatchObject({ mean: -93, seeds: 2, n: 2 });
  });

  it("gives Delta relative to the unattacked divergence per pair, undefined where that is 0", () => {
    const withBaseline = structuredClone(records);
    for (const r of withBaseline)
      for (const a of r.attacks)
        a.pairs.forEach((p, i) => (p.baselineDelta = i === 0 ? 4 * p.deltaWithoutLambda : 0));
    const relative = studyCells(withBaseline).find(
      (c) =>
        c.spec === "a" && c.axes.beta === 1 && c.attack === "kl" && c.metric === "relativeDelta",
    )!;
    // Only each seed's first pair has a baseline: Delta / (4 Delta) = 0.25 in both seeds.
    expect(relative.estimate).toMatchObject({ mean: 0.25, seeds: 2, n: 2 });
  });

  it("compares the later spec with the earlier at matched beta and seed", () => {
    const comparisons = pairedComparisons(records, ["a", "b"]);
    const delta = comparisons.find((c) => c.attack === "kl" && c.metric === "delta")!;
    // seed 1: b 6 - a 2 = +4; seed 2: b 2 - a 3 = -1; mean 1.5, b greater in 1 of 2 seeds
    expect(delta).toMatchObject({ a: { spec: "b" }, b: { spec: "a" }, axes: { beta: 1 } });
    expect(delta.difference).toMatchObject({ mean: 1.5, seeds: 2, aGreater: 0.5 });
    const elbo = comparisons.find((c) => c.metric === "elbo")!;
    // seed 1: -90 - -100 = 10; seed 2: -96 - -102 = 6
    expect(elbo.difference).toMatchObject({ mean: 8, aGreater: 1 });
    // beta = 2 exists for a only: nothing to compare there.
    expect(comparisons.every((c) => c.axes.beta === 1)).toBe(true);
  });
});
