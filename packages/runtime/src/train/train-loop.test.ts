import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLatestCheckpoint, restoreCheckpoint } from "../checkpoint/load-checkpoint.js";
import { evaluateModel } from "../eval/evaluate.js";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { createModel, disposeModel } from "../model/vae-model.js";
import { createOptimizer, disposeOptimizer } from "./optimizer.js";
import { syntheticBinaryDataset } from "../../test-support/synthetic-data.js";
import { runTrainLoop, type StepEvent } from "./train-loop.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-train-"));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const ir = ladderIr({
  layers: [3, 2],
  hidden: [24],
  penalties: [{ kind: "tc", latent: "z2", beta: 2, estimator: "mss" }],
  train: {
    optimizer: { kind: "adam", lr: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    batch: 32,
  },
});
const train = syntheticBinaryDataset(256, 1);
const heldOut = syntheticBinaryDataset(128, 2);

async function trainFor(
  steps: number,
  options: { dir?: string; resume?: boolean; crashAt?: number; seed?: number } = {},
) {
  const model = createModel(ir, options.seed ?? 5);
  const optimizer = createOptimizer(ir.train.optimizer, model.params);
  const dir = options.dir ?? tempDir();
  let startStep = 0;
  if (options.resume) {
    const loaded = readLatestCheckpoint(dir);
    expect(loaded.diagnostics).toEqual([]);
    expect(restoreCheckpoint(loaded.result!, model, optimizer)).toEqual([]);
    startStep = loaded.result!.manifest.position.step;
  }
  const events: StepEvent[] = [];
  let error: unknown = null;
  try {
    await runTrainLoop({
      model,
      optimizer,
      train,
      seed: options.seed ?? 5,
      batch: 32,
      startStep,
      totalSteps: steps,
      checkpointsDir: dir,
      checkpointEvery: 4,
      onStep: (event) => {
        if (event.step === options.crashAt) throw new Error("simulated crash");
        events.push(event);
      },
    });
  } catch (e) {
    error = e;
  }
  return { model, optimizer, events, dir, error };
}

const dispose = (run: {
  model: ReturnType<typeof createModel>;
  optimizer: ReturnType<typeof createOptimizer>;
}) => {
  disposeModel(run.model);
  disposeOptimizer(run.optimizer);
};

describe("training", () => {
  it("improves the held-out ELBO by a clear margin", async () => {
    const model = createModel(ir, 5);
    const before = await evaluateModel(model, heldOut, { seed: 0, iwSamples: 4 });
    disposeModel(model);
    const run = await trainFor(150);
    const after = await evaluateModel(run.model, heldOut, { seed: 0, iwSamples: 4 });
    expect(after.elbo).toBeGreaterThan(before.elbo + 2);
    // The importance-weighted bound is at least as tight as the ELBO.
    expect(after.iwae).toBeGreaterThan(after.elbo - 0.05);
    expect(run.events.at(-1)!.terms["tc.z2"]).toBeTypeOf("number");
    dispose(run);
  });

  it("gives the same losses for the same seed, different ones for another", async () => {
    const a = await trainFor(5);
    const b = await trainFor(5);
    const c = await trainFor(5, { seed: 6 });
    expect(b.events.map((e) => e.terms)).toEqual(a.events.map((e) => e.terms));
    expect(c.events[4].terms.loss).not.toEqual(a.events[4].terms.loss);
    [a, b, c].forEach(dispose);
  });

  it("resumes after a crash with the same next losses as an uninterrupted run", async () => {
    const full = await trainFor(12);
    const crashed = await trainFor(12, { crashAt: 7 });
    expect(crashed.error).toBeInstanceOf(Error);
    dispose(crashed);
    const resumed = await trainFor(12, { dir: crashed.dir, resume: true });
    // The last checkpoint before the crash was at step 4: steps 5..12 are repeated exactly.
    expect(resumed.events[0].step).toBe(5);
    expect(resumed.events.map((e) => e.terms)).toEqual(full.events.slice(4).map((e) => e.terms));
    [full, resumed].forEach(dispose);
  });

  it("keeps the tensor count flat across training steps and evaluation", async () => {
    const model = createModel(ir, 5);
    const optimizer = createOptimizer(ir.train.optimizer, model.params);
    const counts: number[] = [];
    const dir = tempDir();
    await runTrainLoop({
      model,
      optimizer,
      train,
      seed: 1,
      batch: 32,
      startStep: 0,
      totalSteps: 6,
      checkpointsDir: dir,
      checkpointEvery: 3,
      onStep: () => counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts).size).toBe(1);
    const before = tf.memory().numTensors;
    await evaluateModel(model, heldOut, { seed: 0, iwSamples: 3 });
    await evaluateModel(model, heldOut, { seed: 0, iwSamples: 3, deterministic: true });
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(model);
    disposeOptimizer(optimizer);
  });
});
