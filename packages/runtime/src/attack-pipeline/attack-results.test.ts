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
