import fs from "node:fs";
import type { Diagnostic, ModelIR } from "@vaec/compiler";
import {
  readLatestCheckpoint,
  restoreCheckpoint,
  type LoadedCheckpoint,
} from "../checkpoint/load-checkpoint.js";
import type { DatasetSplit } from "../data/dataset.js";
import { loadDataset } from "../data/load-dataset.js";
import { createModel, disposeModel, type VaeModel } from "../model/vae-model.js";
import { missingRun } from "../train/run-diagnostics.js";
import { runPaths } from "./layout.js";
import { readVersionedJson, type Checked } from "./read-versioned.js";
import { readRunRecord, type RunRecord } from "./run-record.js";
import { inspectRun, type RunState } from "./run-state.js";
import { IR_FILE_FORMAT } from "./versions.js";

/*
 * Reading a run back: its record and IR (versions checked), its state, and the model at the
 * latest checkpoint with the data split exactly as in training. What eval, sample, export,
 * attack and the report use instead of reading the folder's files themselves.
 */

export interface RunSummary {
  runDir: string;
  ir: ModelIR;
  record: RunRecord;
  state: RunState;
}

/** The run's IR, record and state (VAE541 when the folder is not a run). */
export function readRun(runDir: string): Checked<RunSummary> {
  const paths = runPaths(runDir);
  if (!fs.existsSync(paths.record) || !fs.existsSync(paths.ir)) {
    return {
      diagnostics: [missingRun(runDir, "run.json and ir.json (it is not a vaec run directory)")],
    };
  }
  const record = readRunRecord(runDir);
  if (!record.result) return { diagnostics: record.diagnostics };
  const ir = readVersionedJson<ModelIR>(paths.ir, IR_FILE_FORMAT);
  if (!ir.result) return { diagnostics: ir.diagnostics };
  const state = inspectRun(runDir);
  if (state.kind === "unusable") return { diagnostics: state.diagnostics };
  return {
    result: { runDir, ir: ir.result, record: record.result, state },
    diagnostics: [],
  };
}

export interface OpenedRun extends RunSummary {
  checkpoint: LoadedCheckpoint;
  model: VaeModel;
}

/** Loads a trained run: its IR, record and the model at the latest checkpoint. */
export function openRun(runDir: string): Checked<OpenedRun> {
  const read = readRun(runDir);
  if (!read.result) return { diagnostics: read.diagnostics };
  const loaded = readLatestCheckpoint(runPaths(runDir).checkpoints);
  if (!loaded.result) {
    return {
      diagnostics:
        loaded.diagnostics.length > 0 ? loaded.diagnostics : [missingRun(runDir, "checkpoint yet")],
    };
  }
  const { ir, record } = read.result;
  const model = createModel(ir, record.settings.seed);
  const diagnostics = restoreCheckpoint(loaded.result, model);
  if (diagnostics.length > 0) {
    disposeModel(model);
    return { diagnostics };
  }
  return {
    result: { ...read.result, checkpoint: loaded.result, model },
    diagnostics: [],
  };
}

/** The run's data, split exactly as in training (same source, split seed and held-out count). */
export function loadRunData(run: RunSummary): { result?: DatasetSplit; diagnostics: Diagnostic[] } {
  return loadDataset(run.record.data.source, run.ir.data, {
    seed: run.ir.train.seed,
    heldOut: run.record.settings.heldOut,
    root: run.record.spec.dataRoot,
  });
}

/** The run's held-out count (0 when the folder is not a readable run). */
export function heldOutSize(runDir: string): number {
  return readRun(runDir).result?.record.settings.heldOut ?? 0;
}
