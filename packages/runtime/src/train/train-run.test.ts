import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateRun } from "../metrics/evaluate-run.js";
import { exportRun } from "../export/export-run.js";
import { sampleRun } from "../figures/sample-run.js";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { readMetrics } from "../run-store/metrics-log.js";
import { readRunRecord } from "../run-store/run-record.js";
import { runIdentity } from "../run-store/run-identity.js";
import { trainRun } from "./train-run.js";

/* The whole pipeline on real sprites with a tiny model: train, evaluate, sample, export. */

const out = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-run-"));
beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const ir = ladderIr({
  shape: [64, 64],
  layers: [4, 2],
  hidden: [16],
  penalties: [{ kind: "tc", latent: "z2", beta: 2, estimator: "mss" }],
  train: { batch: 16, heldOut: 32, checkpointEvery: 5, iwSamples: 3, steps: 12 },
});

describe("trainRun and the run commands", () => {
  let runDir = "";

  it("trains on sprites and writes the run directory", async () => {
    const trained = await trainRun({
      ir,
      specText: "# spec\n",
      out,
      finalEvalExamples: 32,
    });
    // Notes (a model that has not converged in 12 steps) are expected; errors are not.
    expect(trained.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    runDir = trained.result!.runDir;
    expect(path.basename(runDir)).toBe(runIdentity(ir).dirName);
    expect(readRunRecord(runDir).result).toMatchObject({
      status: "finished",
      step: 12,
      finish: { reason: "budget", step: 12 },
      sessions: [{ kind: "train", fromStep: 0, toStep: 12, outcome: "finished" }],
    });
    expect(trained.result!.outcome).toMatchObject({
      status: "completed",
      step: 12,
      lastCheckpoint: 12,
    });
    const metrics = readMetrics(path.join(runDir, "metrics.jsonl"));
    expect(metrics.filter((m) => m.kind === "step")).toHaveLength(12);
    expect(metrics.at(-1)).toMatchObject({ kind: "held-out", examples: 32 });
    // Two newest checkpoints kept.
    expect(fs.readdirSync(path.join(runDir, "checkpoints")).sort()).toEqual([
      "latest.json",
      "step-000010",
      "step-000012",
    ]);
  });

  it("evaluates, samples and exports the run, leaving no tensors", async () => {
    const before = tf.memory().numTensors;
    const report = await evaluateRun(runDir, { deterministic: true });
    expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(report.result).toMatchObject({ examples: 32, step: 12, iwSamples: 3 });
    expect(Object.keys(report.result!.kl)).toEqual(["z1", "z2"]);
    const sampled = await sampleRun(runDir);
    expect(sampled.result!.files.map((f) => path.basename(f))).toEqual([
      "reconstructions.png",
      "samples.png",
      "traversal-z1.png",
      "traversal-z2.png",
    ]);
    const exported = await exportRun(runDir);
    const files = unzipSync(fs.readFileSync(exported.result!.file));
    expect(Object.keys(files)).toContain("p.x/dense1/bias.npy");
    expect(tf.memory().numTensors).toBe(before);
    // evaluateRun is async now (WebGPU reads): the 60 s default would interrupt its metrics
    // (a classifier is trained), which the synchronous version ran past unchecked.
  }, 600_000);

  it("stops on a non-finite term with VAE540 naming it and the step", async () => {
    const bad = ladderIr({
      ...{ shape: [64, 64], layers: [2], hidden: [8] },
      likelihood: { kind: "normal-likelihood", scale: { kind: "fixed", value: 1e-30 } },
      train: { batch: 8, heldOut: 8, steps: 3, seed: 3 },
    });
    const trained = await trainRun({ ir: bad, specText: "", out });
    expect(trained.result!.outcome!.status).toBe("diverged");
    expect(readRunRecord(trained.result!.runDir).result?.status).toBe("diverged");
    expect(trained.diagnostics[0].code).toBe("VAE540");
    expect(trained.diagnostics[0].message).toBe("the `loglik` term became -Infinity at step 1");
  });
});
