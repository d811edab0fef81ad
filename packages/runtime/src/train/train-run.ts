import fs from "node:fs";
import path from "node:path";
import type { DataSource, DataVariable, Diagnostic, ModelIR, Result } from "@vaec/compiler";
import type { DatasetSplit } from "../data/dataset.js";
import { loadDataset, type LoadOptions } from "../data/load-dataset.js";
import { readLatestCheckpoint, restoreCheckpoint } from "../checkpoint/load-checkpoint.js";
import { evaluateModel } from "../eval/evaluate.js";
import { createModel, disposeModel } from "../model/vae-model.js";
import { checkTrainingKernels } from "./check-kernels.js";
import { appendMetrics, readMetrics, truncateMetrics } from "./metrics-log.js";
import { createOptimizer, disposeOptimizer } from "./optimizer.js";
import { missingRun, resumeMismatch } from "./run-diagnostics.js";
import { prepareRunDir, runDirName, runPaths, type RunConfig } from "./run-dir.js";
import { stepsPerEpoch } from "../data/batches.js";
import { runTrainLoop, type StepEvent, type TrainOutcome } from "./train-loop.js";

/** How data is loaded: the data module's `loadDataset` (tests pass a synthetic one). */
export type LoadData = (
  source: DataSource,
  data: DataVariable,
  options: LoadOptions,
) => Result<DatasetSplit>;

export interface TrainRunOptions {
  ir: ModelIR;
  specText: string;
  /** Defaults to the data module's `loadDataset`. */
  loadData?: LoadData;
  /** Path of the spec, so data diagnostics can quote its `data` declaration. */
  specFile?: string;
  /** Parent folder of run directories (default `runs`). */
  out?: string;
  seed?: number;
  steps?: number;
  epochs?: number;
  data?: DataSource;
  resume?: boolean;
  /** Folder relative data paths are resolved from (the spec's folder). */
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

export interface TrainRunResult {
  runDir: string;
  outcome: TrainOutcome;
  /** Held-out ELBO at beta = 1 after training, when evaluated. */
  heldOutElbo?: number;
}

/** `vaec train`: data, run directory, model (fresh or resumed), the loop, a final held-out ELBO. */
export async function trainRun(
  options: TrainRunOptions,
): Promise<{ result?: TrainRunResult; diagnostics: Diagnostic[] }> {
  const ir = options.ir;
  const seed = options.seed ?? ir.train.seed;
  const source = options.data ?? ir.train.data;
  const load = options.loadData ?? loadDataset;
  const kernels = checkTrainingKernels(ir);
  if (kernels.length > 0) return { diagnostics: kernels };
  const loaded = load(source, ir.data, {
    seed: ir.train.seed,
    heldOut: ir.train.heldOut,
    root: options.dataRoot,
    specFile: options.specFile,
  });
  if (!loaded.result) return { diagnostics: loaded.diagnostics };
  const { train, heldOut } = loaded.result;
  const batch = Math.min(ir.train.batch, train.size);
  const perEpoch = stepsPerEpoch(train.size, batch);
  const totalSteps =
    options.steps ??
    (options.epochs !== undefined
      ? options.epochs * perEpoch
      : (ir.train.steps ?? ir.train.epochs * perEpoch));
  const runDir = path.join(
    options.out ?? "runs",
    runDirName(ir, { seed: options.seed, data: options.data }),
  );
  const paths = runPaths(runDir);

  const model = createModel(ir, seed);
  const optimizer = createOptimizer(ir.train.optimizer, model.params);
  const cleanup = () => {
    disposeModel(model);
    disposeOptimizer(optimizer);
  };
  let startStep = 0;
  let timeOffset = 0;
  if (options.resume) {
    const latest = readLatestCheckpoint(paths.checkpoints);
    if (!latest.result) {
      cleanup();
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
    if (restored.length > 0) {
      cleanup();
      return { diagnostics: restored };
    }
    startStep = position.step;
    truncateMetrics(paths.metrics, startStep);
    // Logged times continue from where the interrupted run left off.
    const last = readMetrics(paths.metrics).findLast((m) => m.kind === "step");
    timeOffset = typeof last?.time === "number" ? last.time : 0;
  }
  const config: RunConfig = {
    seed,
    specFile: options.specFile,
    dataRoot: options.dataRoot,
    data: source,
    heldOut: ir.train.heldOut,
    batch,
    totalSteps,
    backend: options.backend,
    createdAt: new Date().toISOString(),
  };
  prepareRunDir(runDir, ir, options.specText, config, !options.resume);
  options.onStart?.({
    runDir,
    startStep,
    totalSteps,
    trainSize: train.size,
    heldOutSize: heldOut.size,
    batch,
    stepsPerEpoch: perEpoch,
  });

  const outcome = await runTrainLoop({
    model,
    optimizer,
    train,
    seed,
    batch,
    startStep,
    totalSteps,
    checkpointsDir: paths.checkpoints,
    checkpointEvery: ir.train.checkpointEvery,
    shouldStop: options.shouldStop,
    onCheckpoint: options.onCheckpoint,
    onStep: (event) => {
      appendMetrics(paths.metrics, {
        kind: "step",
        step: event.step,
        epoch: event.epoch,
        time: round(timeOffset + event.elapsedSeconds),
        images_per_s: round(event.imagesPerSecond),
        ...event.terms,
      });
      options.onStep?.(event);
    },
  });
  let heldOutElbo: number | undefined;
  const limit = options.finalEvalExamples ?? 1000;
  if (outcome.status === "completed" && limit > 0 && heldOut.size > 0) {
    const report = evaluateModel(model, heldOut, { seed, iwSamples: 1, limit });
    heldOutElbo = report.elbo;
    appendMetrics(paths.metrics, {
      kind: "held-out",
      step: outcome.step,
      examples: report.examples,
      elbo: report.elbo,
    });
  }
  cleanup();
  if (
    !fs.existsSync(path.join(paths.checkpoints, "latest.json")) &&
    outcome.status !== "diverged"
  ) {
    return { diagnostics: [missingRun(runDir, "checkpoint (training wrote none)")] };
  }
  return { result: { runDir, outcome, heldOutElbo }, diagnostics: outcome.diagnostics };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
