import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckpointManifest } from "../checkpoint/checkpoint-format.js";
import { evaluateRun } from "../metrics/evaluate-run.js";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { readMetrics } from "../run-store/metrics-log.js";
import { readRunRecord } from "../run-store/run-record.js";
import { trainRun } from "./train-run.js";

/*
 * Early stopping and the health checks through `trainRun` and `evaluateRun` on real sprites with
 * a tiny model: a run stopped early is finished in its record, with the step and the reason; a
 * checkpoint with NaN weights, or weights whose evaluation overflows, is a coded error in eval.
 */

const out = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-early-stop-"));
beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const ir = (earlyStop: boolean) =>
  ladderIr({
    shape: [64, 64],
    layers: [3],
    hidden: [8],
    train: {
      batch: 16,
      heldOut: 24,
      steps: 60,
      checkpointEvery: 50,
      schedule: { kind: "cosine", warmup: 2, minLr: 0 },
      // A min_delta no evaluation can beat: the second evaluation is stale, so it stops at 2 x 3.
      earlyStop: earlyStop
        ? { kind: "heldout", every: 3, patience: 1, minDelta: 1e9, examples: 24 }
        : null,
    },
  });

/** Rewrites every model weight of the run's latest checkpoint with `value`. */
function overwriteWeights(runDir: string, value: number): void {
  const checkpoints = path.join(runDir, "checkpoints");
  const latest = JSON.parse(fs.readFileSync(path.join(checkpoints, "latest.json"), "utf8"));
  const dir = path.join(checkpoints, latest.directory);
  const manifest = JSON.parse(
    fs.readFileSync(path.join(dir, "manifest.json"), "utf8"),
  ) as CheckpointManifest;
  const file = path.join(dir, manifest.weightsManifest[0].paths[0]);
  const bytes = fs.readFileSync(file);
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let offset = 0;
  for (const w of manifest.weightsManifest[0].weights) {
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (w.group === "model") floats.fill(value, offset, offset + size);
    offset += size;
  }
  fs.writeFileSync(file, bytes);
}

describe("early stopping through trainRun", () => {
  it("finishes the run early, recording the step and why", async () => {
    const trained = await trainRun({ ir: ir(true), specText: "# spec\n", out });
    expect(trained.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const result = trained.result!;
    expect(result.outcome).toMatchObject({ status: "stopped-early", step: 6, lastCheckpoint: 6 });
    const record = readRunRecord(result.runDir).result!;
    expect(record.status).toBe("finished");
    expect(record.finish).toMatchObject({ reason: "early-stop", step: 6 });
    expect(record.finish!.detail).toMatch(
      /did not improve by more than 1000000000 for 1 evaluation/,
    );
    const metrics = readMetrics(path.join(result.runDir, "metrics.jsonl"));
    expect(metrics.filter((m) => m.kind === "held-out").map((m) => m.step)).toEqual([3, 6]);
    const steps = metrics.filter((m) => m.kind === "step");
    expect(steps.map((m) => m.lr)).toEqual([
      5e-4,
      1e-3,
      ...steps.slice(2).map((m) => expect.closeTo(m.lr as number, 12)),
    ]);
    expect(result.heldOutElbo).toBe(metrics.at(-1)!.elbo);
    expect(result.health!.layers.map((l) => l.layer)).toEqual(["z1"]);
  });
});

describe("vaec eval on diverged weights", () => {
  let runDir = "";
  beforeAll(async () => {
    const trained = await trainRun({
      ir: ir(false),
      specText: "# spec\n",
      out,
      finalEvalExamples: 24,
    });
    runDir = trained.result!.runDir;
    expect(trained.result!.outcome?.status).toBe("completed");
  }, 60_000);

  it("evaluates healthy weights with a health report", async () => {
    const evaluated = await evaluateRun(runDir, { limit: 24, metrics: false });
    expect(evaluated.result!.health.layers).toHaveLength(1);
    expect(evaluated.result!.health.convergence.points).toBe(5);
  });

  it("refuses NaN weights with VAE593 and no result", async () => {
    overwriteWeights(runDir, NaN);
    const evaluated = await evaluateRun(runDir, { limit: 24, metrics: false });
    expect(evaluated.result).toBeUndefined();
    expect(evaluated.diagnostics.map((d) => [d.code, d.severity])).toEqual([["VAE593", "error"]]);
    expect(evaluated.diagnostics[0].message).toMatch(/^the checkpoint at step 60 has NaN/);
  });

  it("reports an evaluation that overflows with VAE592 rather than `ELBO NaN`", async () => {
    overwriteWeights(runDir, 3e38);
    const before = tf.memory().numTensors;
    const evaluated = await evaluateRun(runDir, { limit: 24, metrics: false });
    expect(tf.memory().numTensors).toBe(before);
    expect(evaluated.result).toBeUndefined();
    expect(evaluated.diagnostics.map((d) => d.code)).toEqual(["VAE592"]);
    expect(evaluated.diagnostics[0].message).toMatch(
      /^the held-out evaluation at step 60 is not finite: `elbo`/,
    );
  });
});
