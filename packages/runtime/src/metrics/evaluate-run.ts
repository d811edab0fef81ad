import type { Diagnostic } from "@vaec/compiler";
import { disposeModel } from "../model/vae-model.js";
import { loadRunData, openRun } from "../run-store/open-run.js";
import { evaluateModel, type EvalReport } from "../eval/evaluate.js";
import { evaluateRunMetrics } from "./evaluate-run-metrics.js";
import type { ModelMetrics, ModelMetricsOptions } from "./model-metrics.js";
import type { HealthReport } from "../train/health.js";
import { checkCheckpointWeights, checkEvaluationHealth } from "../eval/run-health.js";
import { evaluateShapeRecognition, type ShapeRecognition } from "../eval/shape-recognition.js";

export interface RunEvalReport extends EvalReport {
  runDir: string;
  model: string;
  step: number;
  /** Collapse per layer and convergence from the held-out curve (eval/run-health.ts). */
  health: HealthReport;
  /** On sprites: whether reconstructions show the right shape (null on other data). */
  shapes: ShapeRecognition | null;
  /** Robustness margin, MIG, downstream classifier accuracy (evaluate-run-metrics.ts); null with `metrics: false`. */
  metrics: ModelMetrics | null;
}

/** `vaec eval`: the latest checkpoint of a run evaluated on its held-out data at beta = 1. */
export async function evaluateRun(
  runDir: string,
  options: {
    deterministic?: boolean;
    iwSamples?: number;
    limit?: number;
    /** Examples evaluated so far, after each batch. */
    onProgress?: (done: number, total: number) => void;
    /** The metrics/ settings (margin radius, examples), or false to skip them. */
    metrics?: false | Partial<ModelMetricsOptions>;
  } = {},
): Promise<{ result?: RunEvalReport; diagnostics: Diagnostic[] }> {
  const opened = openRun(runDir);
  const run = opened.result;
  if (!run) return { diagnostics: opened.diagnostics };
  try {
    const step = run.checkpoint.manifest.position.step;
    const weights = checkCheckpointWeights(run.checkpoint.values, step);
    if (weights.length > 0) return { diagnostics: weights };
    const data = loadRunData(run);
    if (!data.result) return { diagnostics: data.diagnostics };
    const report = await evaluateModel(run.model, data.result.heldOut, {
      seed: run.record.settings.seed,
      iwSamples: options.iwSamples ?? run.ir.train.iwSamples,
      deterministic: options.deterministic,
      limit: options.limit,
      onProgress: options.onProgress,
    });
    const checked = checkEvaluationHealth(runDir, report, step);
    if (!checked.health) return { diagnostics: [...data.diagnostics, ...checked.diagnostics] };
    const metrics =
      options.metrics === false
        ? null
        : await evaluateRunMetrics(run, data.result, options.metrics);
    return {
      result: {
        runDir,
        model: run.ir.name,
        step: run.checkpoint.manifest.position.step,
        ...report,
        health: checked.health,
        shapes: await evaluateShapeRecognition(run.model, data.result.heldOut, {
          limit: options.limit,
        }),
        metrics: metrics?.result ?? null,
      },
      diagnostics: [...data.diagnostics, ...checked.diagnostics, ...(metrics?.diagnostics ?? [])],
    };
  } finally {
    disposeModel(run.model);
  }
}
