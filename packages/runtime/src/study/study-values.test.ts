import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PairResult } from "../attack-pipeline/attack-results.js";
import type { PairRow, PointRecord } from "./point-record.js";
import { studyCells } from "./study-table.js";
import { modelMetricsPath } from "../metrics/model-metrics.js";
import { modelMetricValues, pairMetricValues } from "./study-values.js";

const downstream = (targetClass: number, predictions: number[]) => ({
  sourceClass: 0,
  targetClass,
  cleanPrediction: 0,
  predictions,
});
const pair = (extra: Partial<PairResult>) => ({ chosenIndex: 1, ...extra }) as PairResult;

describe("what a study takes from the metrics", () => {
  it("gives each pair its AUDDC and a 1/0 success at the chosen lambda (null for a same-class pair)", () => {
    expect(pairMetricValues(pair({ auddc: 0.4, downstream: downstream(2, [0, 2]) }))).toEqual({
      auddc: 0.4,
      downstreamSuccess: 1,
    });
    expect(pairMetricValues(pair({ auddc: null, downstream: downstream(2, [2, 0]) }))).toEqual({
      auddc: null,
      downstreamSuccess: 0,
    });
    expect(pairMetricValues(pair({ downstream: downstream(0, [0, 0]) })).downstreamSuccess).toBe(
      null,
    );
    expect(pairMetricValues(pair({}))).toEqual({ auddc: null, downstreamSuccess: null });
  });

  it("reads a run's model-metrics.json into eval numbers", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-study-values-"));
    expect(modelMetricValues(dir)).toEqual({});
    fs.writeFileSync(
      modelMetricsPath(dir),
      JSON.stringify({
        format: "vaec-model-metrics",
        version: 1,
        margin: { mean: 0.08, scale: 0.03 },
        mig: { mig: 0.025 },
        downstream: { reconstructionAccuracy: 0.42 },
      }),
    );
    expect(modelMetricValues(dir)).toEqual({
      margin: 0.08,
      marginScale: 0.03,
      mig: 0.025,
      reconstructionAccuracy: 0.42,
    });
  });

  it("gets a cell with a CI per metric in the study tables, leaving undefined pairs out", () => {
    const row = (auddc: number | null, success: number | null): PairRow => ({
      pair: 0,
      source: 0,
      target: 1,
      lambda: 1,
      delta: 1,
      deltaWithoutLambda: 1,
      distortion: 1,
      logLikelihoodTarget: -1,
      l2ToTarget: 1,
      l2ToSource: 1,
      baselineDelta: 2,
      auddc,
      downstreamSuccess: success,
    });
    const record = (seed: number, margin: number): PointRecord => ({
      format: "vaec-study-point",
      version: 1,
      id: `id${seed}`,
      runDir: "r",
      spec: "a.vae",
      model: "A",
      family: "VAE",
      axes: { beta: 1, "train.seed": seed },
      seed,
      data: "sprites",
      latentDims: 10,
      step: 1,
      totalSteps: 1,
      attackDigest: "d",
      eval: { elbo: -100, margin, mig: 0.1 },
      attacks: [{ kind: "kl", pairs: [row(0.5, 1), row(0.7, 0), row(null, null)] }],
      training: "trained",
      seconds: { train: 1, attack: 1 },
      finishedAt: "now",
    });
    const cells = studyCells([record(1, 0.1), record(2, 0.3)]);
    const get = (metric: string) => cells.find((c) => c.metric === metric)!.estimate;
    expect(get("auddc")).toMatchObject({ mean: 0.6, n: 4, seeds: 2 });
    expect(get("downstreamSuccess")).toMatchObject({ mean: 0.5, n: 4, seeds: 2 });
    expect(get("margin")).toMatchObject({ mean: 0.2, n: 2, seeds: 2 });
    expect(get("mig").mean).toBeCloseTo(0.1, 12);
  });
});
