import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { RowMetrics } from "../attack/attack-metrics.js";
import {
  readAttackResults,
  resultsToCsv,
  summarizeKind,
  writeAttackResults,
  RESULTS_FORMAT,
  RESULTS_VERSION,
  type AttackResults,
  type PairResult,
} from "./attack-results.js";

const row = (pair: number, lambdaIndex: number, lambda: number, delta: number): RowMetrics => ({
  pair,
  lambdaIndex,
  lambda,
  delta,
  deltaWithoutLambda: delta - lambda,
  distortion: 1 + pair,
  logLikelihoodTarget: -10 * (pair + 1),
  l2ToTarget: 2,
  l2ToSource: 3,
});

const pairs: PairResult[] = [0, 1].map((p) => ({
  pair: p,
  source: 10 + p,
  target: 20 + p,
  chosenIndex: p === 0 ? 1 : 2,
  baseline: row(p, 0, 0, 10),
  meanDelta: 0,
  curve: [row(p, 0, 0, 1), row(p, 1, 0.25, 2), row(p, 2, 4, 3)],
  status: [0, 1, 2].map(() => ({
    status: "converged-pgtol",
    iterations: 3,
    evaluations: 4,
    objective: 0,
  })),
}));

const results: AttackResults = {
  format: RESULTS_FORMAT,
  version: RESULTS_VERSION,
  model: "M",
  family: "VAE",
  irHash: "h",
  step: 5,
  settings: {
    kinds: ["kl"],
    pairs: 2,
    lambdas: [0, 0.25, 4],
    optimizer: { kind: "lbfgsb", steps: 3, memory: 2 },
    path: "mean",
    samples: 1,
    seed: 0,
    layers: ["z"],
  },
  heldOut: 30,
  createdAt: "now",
  attacks: [{ kind: "kl", seconds: 1, rounds: 4, summary: summarizeKind(pairs), pairs }],
};

describe("attack results", () => {
  it("summarises each pair at its chosen lambda", () => {
    const s = summarizeKind(pairs);
    expect(s.delta).toBeCloseTo((2 + 3) / 2);
    expect(s.baselineDelta).toBeCloseTo(10);
    expect(s.distortion).toBeCloseTo((1 + 2) / 2);
    expect(s.logLikelihoodTarget).toBeCloseTo(-15);
    // Geometric mean of 0.25 and 4.
    expect(s.lambda).toBeCloseTo(1);
  });

  it("summarises the metrics/ fields when the pairs carry them, and leaves them out otherwise", () => {
    expect(summarizeKind(pairs)).not.toHaveProperty("auddc");
    expect(summarizeKind(pairs)).not.toHaveProperty("downstreamSuccess");
    const downstream = (targetClass: number, predictions: number[]) => ({
      sourceClass: 0,
      targetClass,
      cleanPrediction: 0,
      predictions,
    });
    const withExtras: PairResult[] = [
      { ...pairs[0], auddc: 0.5, downstream: downstream(1, [1, 1, 0]) }, // chosen 1: success
      { ...pairs[1], auddc: null, downstream: downstream(2, [2, 2, 0]) }, // chosen 2: fails
    ];
    const s = summarizeKind(withExtras);
    expect(s.auddc).toBe(0.5); // the null (undefined) AUDDC is left out of the mean
    expect(s.downstreamSuccess).toBe(0.5);
    expect(s.downstreamCleanAccuracy).toBe(1);
    const csv = resultsToCsv({
      ...results,
      attacks: [{ ...results.attacks[0], pairs: withExtras }],
    }).split("\n");
    // auddc, source_class, target_class, predicted_class at the end of each row.
    expect(csv[0].split(",").slice(-4)).toEqual([
      "auddc",
      "source_class",
      "target_class",
      "predicted_class",
    ]);
    expect(csv[2].split(",").slice(-4)).toEqual(["0.5", "0", "1", "1"]);
  });

  it("writes one CSV line per pair and lambda with the chosen one flagged", () => {
    const lines = resultsToCsv(results).trim().split("\n");
    expect(lines).toHaveLength(1 + 2 * 3);
    const chosen = lines.slice(1).filter((l) => l.split(",")[6] === "1");
    expect(chosen.map((l) => l.split(",").slice(0, 6).join(","))).toEqual([
      "kl,0,10,20,1,0.25",
      "kl,1,11,21,2,4",
    ]);
  });

  it("round-trips through results.json", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-results-"));
    try {
      writeAttackResults(dir, results);
      expect(readAttackResults(dir)).toEqual(results);
      expect(fs.readdirSync(path.join(dir, "attack")).sort()).toEqual([
        "results.csv",
        "results.json",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
