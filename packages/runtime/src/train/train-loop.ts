import * as tf from "@tensorflow/tfjs-core";
import type { Diagnostic, LrSchedule } from "@vaec/compiler";
import type { Dataset } from "../data/dataset.js";
import { saveCheckpoint } from "../checkpoint/save-checkpoint.js";
import type { TrainingPosition } from "../checkpoint/checkpoint-format.js";
import { seededNoise } from "../losses/noise.js";
import { termNames } from "../losses/objective.js";
import { epochOrder, locateStep, stepsPerEpoch } from "../data/batches.js";
import type { VaeModel } from "../model/vae-model.js";
import type { Optimizer } from "./optimizer.js";
import { nonFiniteLoss } from "./run-diagnostics.js";
import type { MonitorVerdict } from "./held-out-monitor.js";
import { learningRateAt } from "./schedule.js";
import { trainStep } from "./train-step.js";

/*
 * The training loop. The data order is the data module's seeded order per epoch, the noise is seeded per
 * step, and the learning rate is the schedule's pure function of the step, so everything a step
 * does follows from (seed, step): a resumed run repeats exactly what the uninterrupted run would
 * have done.
 */

export interface StepEvent {
  /** Steps completed (1 after the first). */
  step: number;
  totalSteps: number;
  epoch: number;
  /** Term values by name (`loss`, `elbo`, `loglik`, `kl.z1`, `tc.z2`, ...). */
  terms: Record<string, number>;
  /** The learning rate this step's update used (the schedule's). */
  learningRate: number;
  /** The gradient's norm before clipping, when the optimizer clips (`clip_norm`). */
  gradNorm?: number;
  imagesPerSecond: number;
  elapsedSeconds: number;
  etaSeconds: number;
}

export interface TrainLoopOptions {
  model: VaeModel;
  optimizer: Optimizer;
  train: Dataset;
  seed: number;
  batch: number;
  /** Steps already done (0, or the resumed checkpoint's step). */
  startStep: number;
  totalSteps: number;
  checkpointsDir: string;
  checkpointEvery: number;
  /** The learning-rate schedule (default: the optimizer's lr throughout). */
  schedule?: LrSchedule;
  /**
   * Held-out evaluations (held-out-monitor.ts): asked after each step whether one is due; a
   * verdict can stop training early, or as diverged when the evaluation is not finite.
   */
  evaluation?: { due(step: number): boolean; evaluate(step: number): Promise<MonitorVerdict> };
  /** Polled after every step; true saves a checkpoint and stops (Ctrl-C). */
  shouldStop?: () => boolean;
  onStep?: (event: StepEvent) => void;
  onCheckpoint?: (step: number, directory: string) => void;
}

export interface TrainOutcome {
  /** `stopped-early`: the held-out ELBO stopped improving (early_stop) before the budget. */
  status: "completed" | "interrupted" | "diverged" | "stopped-early";
  /** Steps completed. */
  step: number;
  lastCheckpoint: number | null;
  diagnostics: Diagnostic[];
}

/** The view positions of the batch used at global `step` (0-based), through the data module's order. */
export function batchIndices(
  trainSize: number,
  batch: number,
  seed: number,
  step: number,
  cache?: Map<number, Uint32Array>,
): number[] {
  const { epoch, stepInEpoch } = locateStep(step, trainSize, batch);
  let order = cache?.get(epoch);
  if (!order) {
    order = epochOrder(trainSize, seed, epoch);
    cache?.clear();
    cache?.set(epoch, order);
  }
  const width = Math.min(batch, trainSize);
  return Array.from(order.subarray(stepInEpoch * width, (stepInEpoch + 1) * width));
}

export function positionAt(
  step: number,
  options: { trainSize: number; batch: number; seed: number },
): TrainingPosition {
  const perEpoch = stepsPerEpoch(options.trainSize, options.batch);
  return {
    step,
    epoch: Math.floor(step / perEpoch),
    batchInEpoch: step % perEpoch,
    stepsPerEpoch: perEpoch,
    batch: options.batch,
    trainSize: options.trainSize,
    seed: options.seed,
  };
}

export async function runTrainLoop(options: TrainLoopOptions): Promise<TrainOutcome> {
  const { model, optimizer, train, seed, totalSteps } = options;
  const batch = Math.min(options.batch, train.size);
  const names = termNames(model.ir);
  const cache = new Map<number, Uint32Array>();
  let lastCheckpoint: number | null = options.startStep > 0 ? options.startStep : null;
  const position = (step: number) => positionAt(step, { trainSize: train.size, batch, seed });
  const save = async (step: number) => {
    const directory = await saveCheckpoint(
      options.checkpointsDir,
      model,
      optimizer,
      position(step),
    );
    lastCheckpoint = step;
    options.onCheckpoint?.(step, directory);
  };
  const schedule = options.schedule ?? { kind: "constant", warmup: 0 };
  const start = options.startStep;
  if (start > 0 && start < totalSteps && options.evaluation?.due(start)) {
    // Resumed at an evaluation step: the restored weights give the logged evaluation again (or
    // the one a killed process never logged), so early stopping sees the uninterrupted curve.
    const verdict = await options.evaluation.evaluate(start);
    if (verdict.diagnostics.length > 0 || verdict.stop) {
      const status = verdict.diagnostics.length > 0 ? "diverged" : "stopped-early";
      return { status, step: start, lastCheckpoint, diagnostics: verdict.diagnostics };
    }
  }
  const started = performance.now();
  let smoothedStep = 0;
  for (let step = options.startStep; step < totalSteps; step++) {
    const stepStart = performance.now();
    const indices = batchIndices(train.size, batch, seed, step, cache);
    const x = tf.tensor2d(train.get(indices), [indices.length, train.dim]);
    const learningRate = learningRateAt(schedule, optimizer.settings.lr, step, totalSteps);
    let result: Awaited<ReturnType<typeof trainStep>>;
    try {
      result = await trainStep(
        model,
        optimizer,
        x,
        seededNoise(seed, step),
        { step, datasetSize: train.size, samples: model.ir.train.samples, penalties: true },
        learningRate,
      );
    } finally {
      x.dispose();
    }
    const terms: Record<string, number> = {};
    names.forEach((name, i) => (terms[name] = result.values[i]));
    if (!result.finite) {
      // Name the most specific culprit: a single term before the sums built from it.
      const order = [...names.slice(2), "elbo", "loss"];
      const culprit = order.find((name) => !Number.isFinite(terms[name])) ?? "loss";
      return {
        status: "diverged",
        step,
        lastCheckpoint,
        diagnostics: [nonFiniteLoss(culprit, terms[culprit], step + 1, lastCheckpoint)],
      };
    }
    const seconds = (performance.now() - stepStart) / 1000;
    smoothedStep = smoothedStep === 0 ? seconds : 0.9 * smoothedStep + 0.1 * seconds;
    const done = step + 1;
    options.onStep?.({
      step: done,
      totalSteps,
      epoch: Math.floor(step / stepsPerEpoch(train.size, batch)),
      terms,
      learningRate,
      ...(result.gradNorm !== undefined && { gradNorm: result.gradNorm }),
      imagesPerSecond: indices.length / smoothedStep,
      elapsedSeconds: (performance.now() - started) / 1000,
      etaSeconds: (totalSteps - done) * smoothedStep,
    });
    // Evaluated before the checkpoint, so weights whose evaluation diverged are never saved.
    const verdict = options.evaluation?.due(done)
      ? await options.evaluation.evaluate(done)
      : undefined;
    if (verdict && verdict.diagnostics.length > 0)
      return { status: "diverged", step: done, lastCheckpoint, diagnostics: verdict.diagnostics };
    if (
      done === totalSteps ||
      verdict?.stop ||
      (options.checkpointEvery > 0 && done % options.checkpointEvery === 0)
    )
      await save(done);
    if (verdict?.stop && done < totalSteps)
      return { status: "stopped-early", step: done, lastCheckpoint, diagnostics: [] };
    // Yield to the event loop so Ctrl-C handlers and the progress display get to run.
    await new Promise((resolve) => setImmediate(resolve));
    if (done < totalSteps && options.shouldStop?.()) {
      if (lastCheckpoint !== done) await save(done);
      return { status: "interrupted", step: done, lastCheckpoint, diagnostics: [] };
    }
  }
  return {
    status: "completed",
    step: Math.max(totalSteps, options.startStep),
    lastCheckpoint,
    diagnostics: [],
  };
}
