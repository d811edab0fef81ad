import type { Diagnostic } from "@vaec/compiler";
import { runPaths } from "../run-store/layout.js";
import { readMetrics } from "../run-store/metrics-log.js";
import { heldOutCurve } from "../train/held-out-monitor.js";
import {
  assessHealth,
  checkFiniteEvaluation,
  checkFiniteWeights,
  type HealthReport,
} from "../train/health.js";
import type { EvalReport } from "./evaluate.js";

/*
 * `vaec eval`'s health checks: NaN or infinite weights refuse the evaluation (VAE593), a
 * non-finite result is an error (VAE592) rather than a printed `ELBO NaN`, and a finite one
 * gets the collapse check and, from the run's logged held-out curve, the convergence note.
 */

/** Before evaluating: the checkpoint's stored tensors must all be finite. */
export function checkCheckpointWeights(
  values: ReadonlyMap<string, ArrayLike<number>>,
  step: number,
): Diagnostic[] {
  return checkFiniteWeights(values, step);
}

/** After evaluating: errors for non-finite results, else the health report and its warnings. */
export function checkEvaluationHealth(
  runDir: string,
  report: EvalReport,
  step: number,
): { health?: HealthReport; diagnostics: Diagnostic[] } {
  const nonFinite = checkFiniteEvaluation(report, step);
  if (nonFinite.length > 0) return { diagnostics: nonFinite };
  const curve = heldOutCurve(readMetrics(runPaths(runDir).metrics));
  const health = assessHealth(report, curve);
  return { health, diagnostics: health.diagnostics };
}
