import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { DataSource, Diagnostic, ModelIR } from "@vaec/compiler";
import {
  readLatestCheckpoint,
  restoreCheckpoint,
  type LoadedCheckpoint,
} from "../checkpoint/load-checkpoint.js";
import { writeFileAtomic } from "../checkpoint/save-checkpoint.js";
import type { DatasetSplit } from "../data/dataset.js";
import { loadDataset } from "../data/load-dataset.js";
import { createModel, type VaeModel } from "../model/vae-model.js";
import { badCheckpoint, missingRun } from "./run-diagnostics.js";

/*
 * A run directory, runs/<model>-<hash8>/:
 *   spec.vae          the spec as trained
 *   ir.json           the compiled IR
 *   run.json          what the IR does not say: seed, data source, steps
 *   checkpoints/      step-NNNNNN/{manifest.json, weights.bin} and latest.json
 *   metrics.jsonl     one JSON object per step (and a held-out summary at the end)
 *   figures/          PNGs written by `vaec sample`
 */

export interface RunConfig {
  seed: number;
  /** The spec's path and the folder its relative data paths resolve from, as trained. */
  specFile?: string;
  dataRoot?: string;
  data: DataSource;
  heldOut: number;
  batch: number;
  totalSteps: number;
  backend?: string;
  createdAt: string;
}

/** The run's folder name: the model name and 8 hex digits of the IR hash plus any overrides. */
export function runDirName(
  ir: ModelIR,
  overrides: { seed?: number; data?: DataSource } = {},
): string {
  const changed = overrides.seed !== undefined || overrides.data !== undefined;
  const hash = changed
    ? crypto
        .createHash("sha256")
        .update(`${ir.hash}\u0000${JSON.stringify(overrides)}`)
        .digest("hex")
    : ir.hash.replace(/[^0-9a-zA-Z]/g, "");
  return `${ir.name}-${hash.slice(0, 8)}`;
}

export const runPaths = (runDir: string) => ({
  spec: path.join(runDir, "spec.vae"),
  ir: path.join(runDir, "ir.json"),
  config: path.join(runDir, "run.json"),
  checkpoints: path.join(runDir, "checkpoints"),
  metrics: path.join(runDir, "metrics.jsonl"),
  figures: path.join(runDir, "figures"),
});

/** Creates (or, for a fresh start, resets) the run directory and writes spec, IR and config. */
export function prepareRunDir(
  runDir: string,
  ir: ModelIR,
  specText: string,
  config: RunConfig,
  fresh: boolean,
): void {
  const paths = runPaths(runDir);
  if (fresh) {
    fs.rmSync(paths.checkpoints, { recursive: true, force: true });
    fs.rmSync(paths.metrics, { force: true });
  }
  fs.mkdirSync(paths.checkpoints, { recursive: true });
  fs.mkdirSync(paths.figures, { recursive: true });
  writeFileAtomic(paths.spec, specText);
  writeFileAtomic(paths.ir, JSON.stringify(ir, null, 2) + "\n");
  writeFileAtomic(paths.config, JSON.stringify(config, null, 2) + "\n");
}

export interface OpenedRun {
  runDir: string;
  ir: ModelIR;
  config: RunConfig;
  checkpoint: LoadedCheckpoint;
  model: VaeModel;
}

/** Loads a trained run: its IR, config and the model at the latest checkpoint. */
export function openRun(runDir: string): { result?: OpenedRun; diagnostics: Diagnostic[] } {
  const paths = runPaths(runDir);
  if (!fs.existsSync(paths.ir) || !fs.existsSync(paths.config)) {
    return {
      diagnostics: [missingRun(runDir, "ir.json and run.json (it is not a vaec run directory)")],
    };
  }
  let ir: ModelIR;
  let config: RunConfig;
  try {
    ir = JSON.parse(fs.readFileSync(paths.ir, "utf8")) as ModelIR;
    config = JSON.parse(fs.readFileSync(paths.config, "utf8")) as RunConfig;
  } catch (error) {
    return { diagnostics: [badCheckpoint(paths.ir, (error as Error).message)] };
  }
  const loaded = readLatestCheckpoint(paths.checkpoints);
  if (!loaded.result) {
    return {
      diagnostics:
        loaded.diagnostics.length > 0 ? loaded.diagnostics : [missingRun(runDir, "checkpoint yet")],
    };
  }
  const model = createModel(ir, config.seed);
  const diagnostics = restoreCheckpoint(loaded.result, model);
  if (diagnostics.length > 0) return { diagnostics };
  return { result: { runDir, ir, config, checkpoint: loaded.result, model }, diagnostics: [] };
}

/** The run's data, split exactly as in training (same source, split seed and held-out count). */
export function loadRunData(run: OpenedRun): { result?: DatasetSplit; diagnostics: Diagnostic[] } {
  return loadDataset(run.config.data, run.ir.data, {
    seed: run.ir.train.seed,
    heldOut: run.config.heldOut,
    root: run.config.dataRoot,
  });
}
