import type { Diagnostic, EarlyStop } from "@vaec/compiler";
import type { Dataset } from "../data/dataset.js";
import { evaluateModel, type EvalReport } from "../eval/evaluate.js";
import type { VaeModel } from "../model/vae-model.js";
import { earlyStopState, isEvaluationStep, type HeldOutPoint } from "./early-stop.js";
import { assessHealth, checkFiniteEvaluation, type HealthReport } from "./health.js";

/*
 * The held-out curve during training: the ELBO at beta = 1 on the same held-out examples with the
 * same evaluation noise every `every` steps and at the last step, logged to metrics.jsonl as
 * `held-out` records. It drives early stopping, the convergence note and the collapse check.
 * Evaluation noise is seeded apart from training noise, so evaluating never changes the run.
 */

/**
 * Held-out evaluations over a run without early stopping: enough for the convergence check,
 * few enough to cost about 5% of training (one evaluation of 1000 examples takes about as long
 * as 10-15 training steps of 64).
 */
export const CURVE_POINTS = 5;

export interface MonitorVerdict {
  stop: boolean;
  /** A non-finite evaluation (VAE592): training must stop as diverged. */
  diagnostics: Diagnostic[];
}

export interface HeldOutMonitor {
  /** Steps between evaluations (0: never evaluated). */
  every: number;
  examples: number;
  earlyStop: EarlyStop | null;
  curve: HeldOutPoint[];
  /** Evaluates at `step` (once per step), logs the record and decides whether to stop. */
  evaluate(step: number): Promise<MonitorVerdict>;
  /** Whether `step` is one the curve evaluates at. */
  due(step: number): boolean;
  /** The newest evaluation of this process, if any. */
  latest(): (EvalReport & { step: number }) | undefined;
  /** Collapse (from the newest evaluation) and convergence (from the curve). */
  health(): HealthReport | undefined;
}

export interface MonitorOptions {
  model: VaeModel;
  heldOut: Dataset;
  seed: number;
  totalSteps: number;
  earlyStop: EarlyStop | null;
  /** Examples per evaluation without early stopping (0 turns the curve off). */
  examples: number;
  /** `held-out` records already logged (a resumed run's), to continue the curve. */
  previous: ReadonlyArray<Record<string, unknown>>;
  log: (record: Record<string, unknown>) => void;
}

/** The held-out curve in metrics records: `{ kind: "held-out", step, elbo }`, by step. */
export function heldOutCurve(records: ReadonlyArray<Record<string, unknown>>): HeldOutPoint[] {
  const byStep = new Map<number, number>();
  for (const r of records) {
    if (r.kind === "held-out" && typeof r.step === "number" && typeof r.elbo === "number")
      byStep.set(r.step, r.elbo);
  }
  return [...byStep].map(([step, elbo]) => ({ step, elbo })).sort((a, b) => a.step - b.step);
}

export function createHeldOutMonitor(options: MonitorOptions): HeldOutMonitor {
  const { model, heldOut, earlyStop, totalSteps } = options;
  const examples = Math.min(heldOut.size, earlyStop?.examples ?? options.examples);
  const every =
    examples === 0 ? 0 : (earlyStop?.every ?? Math.max(1, Math.ceil(totalSteps / CURVE_POINTS)));
  const curve = heldOutCurve(options.previous);
  let latest: (EvalReport & { step: number }) | undefined;
  return {
    every,
    examples,
    earlyStop,
    curve,
    due: (step) => isEvaluationStep(step, every, totalSteps),
    latest: () => latest,
    async evaluate(step) {
      const logged = curve.some((p) => p.step === step);
      // A resumed run has the records but not the measurements: re-evaluating the restored
      // weights gives the same numbers (same examples, same noise), so nothing is logged twice.
      if (!logged || latest?.step !== step) {
        const report = await evaluateModel(model, heldOut, {
          seed: options.seed,
          iwSamples: 1,
          limit: examples,
        });
        latest = { ...report, step };
        const diagnostics = checkFiniteEvaluation(report, step);
        if (diagnostics.length > 0) return { stop: true, diagnostics };
        if (!logged) {
          curve.push({ step, elbo: report.elbo });
          options.log(heldOutRecord(step, report));
        }
      }
      const state = earlyStop ? earlyStopState(curve, earlyStop) : null;
      return { stop: state?.stop ?? false, diagnostics: [] };
    },
    health: () => (latest ? assessHealth(latest, curve) : undefined),
  };
}

function heldOutRecord(step: number, report: EvalReport): Record<string, unknown> {
  const record: Record<string, unknown> = {
    kind: "held-out",
    step,
    examples: report.examples,
    elbo: report.elbo,
  };
  for (const [layer, kl] of Object.entries(report.kl)) record[`kl.${layer}`] = round(kl);
  for (const [layer, units] of Object.entries(report.activeUnits))
    record[`active.${layer}`] = units.active;
  return record;
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;
