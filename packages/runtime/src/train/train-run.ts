import path from "node:path";
import type { DataSource, DataVariable, Diagnostic, ModelIR, Result } from "@vaec/compiler";
import type { DatasetSplit } from "../data/dataset.js";
import { loadDataset, type LoadOptions } from "../data/load-dataset.js";
import { readLatestCheckpoint, restoreCheckpoint } from "../checkpoint/load-checkpoint.js";
import { createModel, disposeModel } from "../model/vae-model.js";
import { runPaths } from "../run-store/layout.js";
import { appendMetrics, readMetrics, truncateMetrics } from "../run-store/metrics-log.js";
import { acquireRunLock } from "../run-store/run-lock.js";
import { runIdentity } from "../run-store/run-identity.js";
import { inspectRun, type RunState } from "../run-store/run-state.js";
import { RunStoreError } from "../run-store/store-error.js";
import {
  beginTrainSession,
  planTraining,
  type StoreTrainSession,
} from "../run-store/train-session.js";
import { checkTrainingKernels } from "./check-kernels.js";
import { createOptimizer, disposeOptimizer } from "./optimizer.js";
import { missingRun, resumeMismatch } from "./run-diagnostics.js";
import { stepsPerEpoch } from "../data/batches.js";
import { runTrainLoop, type StepEvent, type TrainOutcome } from "./train-loop.js";
import { createHeldOutMonitor } from "./held-out-monitor.js";
import { earlyStopState } from "./early-stop.js";
import type { HealthReport } from "./health.js";
import { WebGpuFault } from "../backend/webgpu/gpu-fault.js";
import { gpuFault } from "../backend/webgpu/webgpu-diagnostics.js";

/** How data is loaded: the data module's `loadDataset` (tests pass a synthetic one). */
export type LoadData = (
  source: DataSource,
  data: DataVariable,
  options: LoadOptions,
) => Result<DatasetSplit>;

export interface TrainRunOptions {
  /**
   * The compiled spec. Every training setting comes from it (the CLI turns `--steps`, `--epochs`,
   * `--seed` and `--data` into `--set train.*` before compiling), so the run's identity covers it.
   */
  ir: ModelIR;
  specText: string;
  /** Defaults to the data module's `loadDataset`. */
  loadData?: LoadData;
  /** Path of the spec, so data diagnostics can quote its `data` declaration. */
  specFile?: string;
  /** Parent folder of run directories (default `runs`). */
  out?: string;
  /** Continue an unfinished run from its last checkpoint (without it, an unfinished run is VAE546). */
  resume?: boolean;
  /** What the user typed, for messages: `vaec train my.vae --steps 2000` (default `vaec train`). */
  command?: string;
  /** Folder relative data paths are resolved from (default: the spec's folder). */
  dataRoot?: string;
  backend?: string;
  /** Held-out examples evaluated at the end (default 1000; 0 skips). */
  finalEvalExamples?: number;
  shouldStop?: () => boolean;
  onStart?: (info: TrainStart) => void;
  onStep?: (event: StepEvent) => void;
  onCheckpoint?: (step: number, directory: string) => void;
}

export interface TrainStart {
  runDir: string;
  startStep: number;
  totalSteps: number;
  trainSize: number;
  heldOutSize: number;
  batch: number;
  stepsPerEpoch: number;
}

/** A run this call trained (or resumed): its loop's outcome is known. */
export type TrainedRunResult = TrainRunResult & { outcome: TrainOutcome };

export interface TrainRunResult {
  runDir: string;
  /** The run's state before this call (`finished` when it was reused without training). */
  before: RunState;
  /** Absent when a finished run was reused. */
  outcome?: TrainOutcome;
  /** Held-out ELBO at beta = 1 after training, when evaluated. */
  heldOutElbo?: number;
  /** Collapse and convergence checks after training (their warnings are in the diagnostics). */
  health?: HealthReport;
  /** Why training stopped before its budget (outcome `stopped-early`). */
  earlyStop?: { step: number; detail: string };
}

/**
 * `vaec train`: the run's identity and folder, the reuse / resume / fresh decision under the
 * run's lock, data, model (fresh or resumed), the loop, a final held-out ELBO, and the run
 * record kept current throughout. A finished run at the same settings is reused untouched.
 */
export async function trainRun(
  options: TrainRunOptions,
): Promise<{ result?: TrainRunResult; diagnostics: Diagnostic[] }> {
  const ir = options.ir;
  const kernels = checkTrainingKernels(ir);
  if (kernels.length > 0) return { diagnostics: kernels };
  const identity = runIdentity(ir, { dataRoot: options.dataRoot });
  const runDir = path.join(options.out ?? "runs", identity.dirName);
  const command = options.command ?? "vaec train";
  // Decided once before the (slow) data load, so reuse and refusals are instant, and again
  // under the lock, in case another process changed the run meanwhile.
  const before = inspectRun(runDir, identity.id);
  const early = planTraining(before, options.resume ?? false, command);
  if (!early.plan) return { diagnostics: early.diagnostics };
  if (early.plan === "reuse") return { result: { runDir, before }, diagnostics: [] };

  const load = options.loadData ?? loadDataset;
  const loaded = load(ir.train.data, ir.data, {
    seed: ir.train.seed,
    heldOut: ir.train.heldOut,
    root: options.dataRoot,
    specFile: options.specFile,
  });
  if (!loaded.result) return { diagnostics: loaded.diagnostics };

  const locked = acquireRunLock(runDir, command);
  const lock = locked.result;
  if (!lock) return { diagnostics: locked.diagnostics };
  try {
    const state = inspectRun(runDir, identity.id, lock);
    const decided = planTraining(state, options.resume ?? false, command);
    if (!decided.plan) return { diagnostics: decided.diagnostics };
    if (decided.plan === "reuse") return { result: { runDir, before: state }, diagnostics: [] };
    return await trainLocked(options, {
      runDir,
      before: state,
      resume: decided.plan === "resume",
      data: loaded.result,
      begin: (settings, fromStep) =>
        beginTrainSession({
          runDir,
          lock,
          identity,
          ir,
          specText: options.specText,
          specFile: options.specFile,
          dataRoot: options.dataRoot,
          settings,
          backend: options.backend,
          fromStep,
        }),
    });
  } catch (error) {
    if (error instanceof RunStoreError) return { diagnostics: [error.diagnostic] };
    throw error;
  } finally {
    lock.release();
  }
}

interface Locked {
  runDir: string;
  before: RunState;
  resume: boolean;
  data: DatasetSplit;
  begin: (settings: StoreTrainSession["record"]["settings"], fromStep: number) => StoreTrainSession;
}

async function trainLocked(
  options: TrainRunOptions,
  locked: Locked,
): Promise<{ result?: TrainRunResult; diagnostics: Diagnostic[] }> {
  const { ir } = options;
  const { runDir, before } = locked;
  const { train, heldOut } = locked.data;
  const seed = ir.train.seed;
  const paths = runPaths(runDir);
  const batch = Math.min(ir.train.batch, train.size);
  const perEpoch = stepsPerEpoch(train.size, batch);
  const totalSteps = ir.train.steps ?? ir.train.epochs * perEpoch;

  const model = createModel(ir, seed);
  const optimizer = createOptimizer(ir.train.optimizer, model.params);
  try {
    let startStep = 0;
    let timeOffset = 0;
    if (locked.resume) {
      const latest = readLatestCheckpoint(paths.checkpoints);
      if (!latest.result) {
        return {
          diagnostics:
            latest.diagnostics.length > 0
              ? latest.diagnostics
              : [missingRun(runDir, "checkpoint to resume from")],
        };
      }
      const position = latest.result.manifest.position;
      const mismatch =
        position.trainSize !== train.size
          ? resumeMismatch("training-set size", position.trainSize, train.size)
          : position.batch !== batch
            ? resumeMismatch("batch size", position.batch, batch)
            : position.seed !== seed
              ? resumeMismatch("seed", position.seed, seed)
              : null;
      const restored = mismatch ? [mismatch] : restoreCheckpoint(latest.result, model, optimizer);
      if (restored.length > 0) return { diagnostics: restored };
      startStep = position.step;
      truncateMetrics(paths.metrics, startStep);
      // Logged times continue from where the interrupted run left off.
      const last = readMetrics(paths.metrics).findLast((m) => m.kind === "step");
      timeOffset = typeof last?.time === "number" ? last.time : 0;
    }
    const session = locked.begin(
      {
        seed,
        batch,
        heldOut: heldOut.size,
        trainSize: train.size,
        stepsPerEpoch: perEpoch,
        totalSteps,
      },
      startStep,
    );
    options.onStart?.({
      runDir,
      startStep,
      totalSteps,
      trainSize: train.size,
      heldOutSize: heldOut.size,
      batch,
      stepsPerEpoch: perEpoch,
    });

    // The held-out curve: early stopping, and the health checks at the end (held-out-monitor.ts).
    const monitor = createHeldOutMonitor({
      model,
      heldOut,
      seed,
      totalSteps,
      earlyStop: ir.train.earlyStop,
      examples: options.finalEvalExamples ?? 1000,
      previous: locked.resume ? readMetrics(paths.metrics) : [],
      log: (record) => appendMetrics(paths.metrics, record),
    });
    let lastCheckpoint = startStep;
    let outcome: TrainOutcome;
    try {
      outcome = await runTrainLoop({
        model,
        optimizer,
        train,
        seed,
        batch,
        startStep,
        totalSteps,
        checkpointsDir: paths.checkpoints,
        checkpointEvery: ir.train.checkpointEvery,
        schedule: ir.train.schedule,
        evaluation: monitor,
        shouldStop: options.shouldStop,
        onCheckpoint: (step, directory) => {
          lastCheckpoint = step;
          session.checkpointed(step);
          options.onCheckpoint?.(step, directory);
        },
        onStep: (event) => {
          appendMetrics(paths.metrics, {
            kind: "step",
            step: event.step,
            epoch: event.epoch,
            time: round(timeOffset + event.elapsedSeconds),
            images_per_s: round(event.imagesPerSecond),
            lr: event.learningRate,
            ...(event.gradNorm !== undefined && { grad_norm: round(event.gradNorm) }),
            ...event.terms,
          });
          session.heartbeat();
          options.onStep?.(event);
        },
      });
    } catch (error) {
      // A WebGPU error (VAE535-VAE538): the step's numbers cannot be trusted, so the run stops
      // here; its checkpoints were all written before the fault, the last one is the one kept.
      if (error instanceof WebGpuFault) {
        session.end("failed", lastCheckpoint);
        const kept = lastCheckpoint > 0 ? lastCheckpoint : null;
        return { diagnostics: [gpuFault(error.kind, error.gpuMessage, kept)] };
      }
      // A full disk mid-run: record the session as failed (when the record can still be written).
      if (error instanceof RunStoreError) {
        try {
          session.end("failed", lastCheckpoint);
        } catch {
          // The disk is still full; the record keeps saying `running`, read as interrupted.
        }
      }
      throw error;
    }

    // The loop evaluated the held-out curve at its last step (and at the early stop).
    const finished = outcome.status === "completed" || outcome.status === "stopped-early";
    const latest = finished ? monitor.latest() : undefined;
    const heldOutElbo = latest?.step === outcome.step ? latest.elbo : undefined;
    const health = heldOutElbo !== undefined ? monitor.health() : undefined;
    const earlyStop =
      outcome.status === "stopped-early"
        ? { step: outcome.step, detail: earlyStopDetail(monitor) }
        : undefined;
    if (finished) {
      session.end(
        "finished",
        outcome.step,
        earlyStop
          ? { reason: "early-stop", ...earlyStop }
          : { reason: "budget", step: outcome.step },
      );
    } else {
      session.end(outcome.status === "diverged" ? "diverged" : "interrupted", lastCheckpoint);
    }
    if (outcome.lastCheckpoint === null && outcome.status !== "diverged") {
      return { diagnostics: [missingRun(runDir, "checkpoint (training wrote none)")] };
    }
    return {
      result: { runDir, before, outcome, heldOutElbo, health, earlyStop },
      diagnostics: [...outcome.diagnostics, ...(health?.diagnostics ?? [])],
    };
  } finally {
    disposeModel(model);
    disposeOptimizer(optimizer);
  }
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** e.g. "held-out ELBO did not improve by more than 0.1 for 3 evaluations (best -91.20 at step 4000)". */
function earlyStopDetail(monitor: ReturnType<typeof createHeldOutMonitor>): string {
  const rule = monitor.earlyStop!;
  const best = earlyStopState(monitor.curve, rule).best!;
  return `held-out ELBO did not improve by more than ${rule.minDelta} for ${rule.patience} evaluations (best ${best.elbo.toFixed(2)} at step ${best.step})`;
}
