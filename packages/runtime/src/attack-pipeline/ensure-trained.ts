import fs from "node:fs";
import path from "node:path";
import type { Diagnostic, ModelIR } from "@vaec/compiler";
import type { LatestPointer } from "../checkpoint/checkpoint-format.js";
import { runDirName, runPaths, type RunConfig } from "../train/run-dir.js";
import { trainRun, type TrainRunOptions, type TrainRunResult } from "../train/train-run.js";

/*
 * Trained runs cached by the IR's hash: runs/<model>-<hash8>/ is reused when its latest checkpoint
 * has reached the step count it was trained for, resumed when it stopped part-way, and trained
 * from scratch otherwise. `vaec attack spec.vae` and `vaec run` go through here.
 */

export type RunState =
  | { kind: "finished"; runDir: string; step: number }
  | { kind: "partial"; runDir: string; step: number; totalSteps: number }
  | { kind: "missing"; runDir: string };

export function trainedRunState(
  ir: ModelIR,
  out = "runs",
  overrides: Parameters<typeof runDirName>[1] = {},
): RunState {
  const runDir = path.join(out, runDirName(ir, overrides));
  const paths = runPaths(runDir);
  const latestFile = path.join(paths.checkpoints, "latest.json");
  if (!fs.existsSync(paths.config) || !fs.existsSync(latestFile)) {
    return { kind: "missing", runDir };
  }
  try {
    const config = JSON.parse(fs.readFileSync(paths.config, "utf8")) as RunConfig;
    const latest = JSON.parse(fs.readFileSync(latestFile, "utf8")) as LatestPointer;
    if (latest.step >= config.totalSteps) return { kind: "finished", runDir, step: latest.step };
    return { kind: "partial", runDir, step: latest.step, totalSteps: config.totalSteps };
  } catch {
    // A damaged run directory is trained again from scratch.
    return { kind: "missing", runDir };
  }
}

export interface EnsureTrainedResult {
  runDir: string;
  /** False when a finished run was reused. */
  trained: boolean;
  train?: TrainRunResult;
}

/** Reuses, resumes or trains the spec's run; `options` are passed to `trainRun`. */
export async function ensureTrainedRun(
  options: TrainRunOptions,
): Promise<{ result?: EnsureTrainedResult; diagnostics: Diagnostic[] }> {
  const state = trainedRunState(options.ir, options.out, {
    seed: options.seed,
    data: options.data,
  });
  if (state.kind === "finished") {
    return { result: { runDir: state.runDir, trained: false }, diagnostics: [] };
  }
  const trained = await trainRun({ ...options, resume: state.kind === "partial" });
  if (!trained.result) return { diagnostics: trained.diagnostics };
  return {
    result: { runDir: trained.result.runDir, trained: true, train: trained.result },
    diagnostics: trained.diagnostics,
  };
}
