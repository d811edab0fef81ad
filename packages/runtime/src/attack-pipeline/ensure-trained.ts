import type { Diagnostic } from "@vaec/compiler";
import type { RunState } from "../run-store/run-state.js";
import { trainRun, type TrainedRunResult, type TrainRunOptions } from "../train/train-run.js";

/*
 * The spec's run, trained when needed: what `vaec attack spec.vae`, `vaec run` and each sweep
 * point go through. The run store decides (run-store/train-session.ts `planTraining`): a run
 * that finished at exactly these settings is reused; an unfinished one is continued only with
 * `resume` (else VAE546 says which run, at which step, and to pass --resume); otherwise trained.
 */

export interface EnsureTrainedResult {
  runDir: string;
  /** False when a finished run was reused. */
  trained: boolean;
  /** The run's state before this call: what was reused or resumed, with its step counts. */
  before: RunState;
  train?: TrainedRunResult;
}

/** Reuses, resumes (with `options.resume`) or trains the spec's run; `options` go to `trainRun`. */
export async function ensureTrainedRun(
  options: TrainRunOptions,
): Promise<{ result?: EnsureTrainedResult; diagnostics: Diagnostic[] }> {
  const trained = await trainRun(options);
  if (!trained.result) return { diagnostics: trained.diagnostics };
  const { runDir, before, outcome } = trained.result;
  const train = outcome ? { ...trained.result, outcome } : undefined;
  return {
    result: { runDir, trained: train !== undefined, before, ...(train && { train }) },
    diagnostics: trained.diagnostics,
  };
}
