import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import type { EarlyStop, LrSchedule, Optimizer as OptimizerSettings } from "@vaec/compiler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLatestCheckpoint, restoreCheckpoint } from "../checkpoint/load-checkpoint.js";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { createModel, disposeModel, type VaeModel } from "../model/vae-model.js";
import { earlyStopState } from "./early-stop.js";
import { createHeldOutMonitor, heldOutCurve } from "./held-out-monitor.js";
import { createOptimizer, disposeOptimizer } from "./optimizer.js";
import { syntheticBinaryDataset } from "../../test-support/synthetic-data.js";
import { runTrainLoop, type StepEvent, type TrainOutcome } from "./train-loop.js";

/*
 * Learning-rate schedules and early stopping inside the real training loop, on the synthetic
 * 4x4 data: the rate reaches the update, a resumed run repeats the uninterrupted one exactly
 * (schedule and early-stop state are functions of the step and the logged curve), and a stale
 * held-out curve stops training with a checkpoint at the stopping step.
 */

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-schedule-"));
  dirs.push(dir);
  return dir;
};
beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const train = syntheticBinaryDataset(256, 1);
const heldOut = syntheticBinaryDataset(64, 2);
const adam: OptimizerSettings = { kind: "adam", lr: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

interface RunOptions {
  steps: number;
  schedule?: LrSchedule;
  earlyStop?: EarlyStop | null;
  optimizer?: OptimizerSettings;
  dir?: string;
  resume?: boolean;
  crashAt?: number;
  /** Stop (as Ctrl-C does) once this many steps are done. */
  stopAfter?: number;
  records?: Array<Record<string, unknown>>;
}

async function run(options: RunOptions) {
  const ir = ladderIr({ layers: [3, 2], hidden: [16], train: { batch: 32 } });
  const model = createModel(ir, 5);
  const optimizer = createOptimizer(options.optimizer ?? adam, model.params);
  const dir = options.dir ?? tempDir();
  const records = options.records ?? [];
  let startStep = 0;
  if (options.resume) {
    const loaded = readLatestCheckpoint(dir);
    expect(restoreCheckpoint(loaded.result!, model, optimizer)).toEqual([]);
    startStep = loaded.result!.manifest.position.step;
    // What train-run does with metrics.jsonl on resume: drop what comes after the checkpoint.
    records.splice(0, records.length, ...records.filter((r) => (r.step as number) <= startStep));
  }
  const monitor = createHeldOutMonitor({
    model,
    heldOut,
    seed: 5,
    totalSteps: options.steps,
    earlyStop: options.earlyStop ?? null,
    examples: 64,
    previous: [...records],
    log: (record) => records.push(record),
  });
  const events: StepEvent[] = [];
  const tensorCounts: number[] = [];
  let outcome: TrainOutcome | undefined;
  let error: unknown;
  try {
    outcome = await runTrainLoop({
      model,
      optimizer,
      train,
      seed: 5,
      batch: 32,
      startStep,
      totalSteps: options.steps,
      checkpointsDir: dir,
      checkpointEvery: 4,
      schedule: options.schedule,
      evaluation: monitor,
      shouldStop: () => options.stopAfter !== undefined && events.length >= options.stopAfter,
      onStep: (event) => {
        if (event.step === options.crashAt) throw new Error("simulated crash");
        events.push(event);
        tensorCounts.push(tf.memory().numTensors);
      },
    });
  } catch (e) {
    error = e;
  }
  return { model, optimizer, events, tensorCounts, outcome, error, dir, records };
}

const snapshot = (model: VaeModel) =>
  new Map([...model.params].map(([name, v]) => [name, v.dataSync().slice()]));

function dispose(r: Awaited<ReturnType<typeof run>>) {
  disposeModel(r.model);
  disposeOptimizer(r.optimizer);
}

describe("learning-rate schedules in training", () => {
  it("scales the first update by the warm-up (plain SGD: the step is lr x gradient)", async () => {
    const sgd: OptimizerSettings = { kind: "sgd", lr: 0.1, momentum: 0 };
    const ir = ladderIr({ layers: [3, 2], hidden: [16] });
    const fresh = createModel(ir, 5);
    const initial = snapshot(fresh);
    disposeModel(fresh);
    const plain = await run({ steps: 1, optimizer: sgd });
    const warm = await run({ steps: 1, optimizer: sgd, schedule: { kind: "constant", warmup: 4 } });
    expect(plain.events[0].learningRate).toBe(0.1);
    expect(warm.events[0].learningRate).toBe(0.025);
    const name = "q.z1/dense0/kernel";
    const moved = (r: typeof plain) =>
      Array.from(r.model.params.get(name)!.dataSync(), (v, i) => v - initial.get(name)![i]);
    const [a, b] = [moved(plain), moved(warm)];
    expect(a.some((v) => Math.abs(v) > 1e-6)).toBe(true);
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v / 4, 6));
    [plain, warm].forEach(dispose);
  });

  it("changes nothing on a step whose scheduled rate is 0 (the cosine's last)", async () => {
    const schedule: LrSchedule = { kind: "cosine", warmup: 2, minLr: 0 };
    const full = await run({ steps: 6, schedule });
    const five = await run({ steps: 6, schedule, stopAfter: 5 });
    const four = await run({ steps: 6, schedule, stopAfter: 4 });
    const rates = full.events.map((e) => e.learningRate);
    expect(rates.slice(0, 2)).toEqual([5e-3, 1e-2]);
    expect(rates[3]).toBeLessThan(rates[2]);
    expect(rates[5]).toBe(0);
    expect(snapshot(full.model)).toEqual(snapshot(five.model));
    expect(snapshot(five.model)).not.toEqual(snapshot(four.model));
    [full, five, four].forEach(dispose);
  });

  it("resumes a scheduled, early-stopping run exactly as the uninterrupted one", async () => {
    const schedule: LrSchedule = { kind: "step", warmup: 3, every: 4, factor: 0.5 };
    const earlyStop: EarlyStop = {
      kind: "heldout",
      every: 3,
      patience: 100,
      minDelta: 0,
      examples: 64,
    };
    const full = await run({ steps: 14, schedule, earlyStop });
    const crashed = await run({ steps: 14, schedule, earlyStop, crashAt: 11 });
    expect(crashed.error).toBeInstanceOf(Error);
    dispose(crashed);
    const resumed = await run({
      steps: 14,
      schedule,
      earlyStop,
      dir: crashed.dir,
      resume: true,
      records: crashed.records,
    });
    // Checkpoints every 4 steps: the crash at 11 resumes from 8.
    expect(resumed.events[0].step).toBe(9);
    const strip = (events: StepEvent[]) => events.map((e) => [e.terms, e.learningRate]);
    expect(strip(resumed.events)).toEqual(strip(full.events.slice(8)));
    expect(heldOutCurve(resumed.records)).toEqual(heldOutCurve(full.records));
    expect(snapshot(resumed.model)).toEqual(snapshot(full.model));
    [full, resumed].forEach(dispose);
  });
});

describe("early stopping", () => {
  it("stops after `patience` evaluations without improvement, on a synthetic curve", () => {
    const rule = { patience: 2, minDelta: 0.5 };
    const curve = [-100, -90, -89.8, -89.7, -80].map((elbo, i) => ({ step: i * 10, elbo }));
    expect(earlyStopState(curve.slice(0, 3), rule)).toMatchObject({ stale: 1, stop: false });
    expect(earlyStopState(curve.slice(0, 4), rule)).toMatchObject({
      best: { step: 10, elbo: -90 },
      stale: 2,
      stop: true,
    });
    expect(earlyStopState(curve, rule)).toMatchObject({ stale: 0, stop: false });
  });

  it("stops a real run when the held-out ELBO stops improving, with a checkpoint there", async () => {
    // A learning rate of 0 after the warm-up: the held-out ELBO cannot improve after step 2.
    const schedule: LrSchedule = { kind: "step", warmup: 2, every: 1, factor: 1e-30 };
    const earlyStop: EarlyStop = {
      kind: "heldout",
      every: 2,
      patience: 2,
      minDelta: 0,
      examples: 64,
    };
    const before = tf.memory().numTensors;
    const r = await run({ steps: 40, schedule, earlyStop });
    // Step 3 (t = 0 after the warm-up) still runs at the full rate: the curve improves up to step 4,
    // then two stale evaluations (6 and 8) stop it.
    expect(r.outcome).toMatchObject({ status: "stopped-early", step: 8, lastCheckpoint: 8 });
    expect(heldOutCurve(r.records).map((p) => p.step)).toEqual([2, 4, 6, 8]);
    expect(readLatestCheckpoint(r.dir).result!.manifest.position.step).toBe(8);
    expect(r.records[0]).toMatchObject({ kind: "held-out", step: 2, examples: 64 });
    expect(Object.keys(r.records[0])).toEqual(
      expect.arrayContaining(["kl.z1", "kl.z2", "active.z1", "active.z2"]),
    );
    dispose(r);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("keeps the tensor count flat across scheduled steps and held-out evaluations", async () => {
    const schedule: LrSchedule = { kind: "cosine", warmup: 2, minLr: 1e-4 };
    const earlyStop: EarlyStop = {
      kind: "heldout",
      every: 2,
      patience: 9,
      minDelta: 0,
      examples: 32,
    };
    const before = tf.memory().numTensors;
    const r = await run({ steps: 9, schedule, earlyStop });
    expect(r.records.filter((x) => x.kind === "held-out")).toHaveLength(5);
    expect(new Set(r.tensorCounts).size).toBe(1);
    dispose(r);
    expect(tf.memory().numTensors).toBe(before);
  });
});
