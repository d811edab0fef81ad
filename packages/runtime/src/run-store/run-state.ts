import fs from "node:fs";
import path from "node:path";
import type { Diagnostic, ModelIR } from "@vaec/compiler";
import { runPaths } from "./layout.js";
import { lockHolder, sameOwner, type LockOwner, type RunLock } from "./run-lock.js";
import { readRunRecord, type FinishReason, type RunRecord, type RunStatus } from "./run-record.js";
import { runIdentity, type IdentityOptions } from "./run-identity.js";
import { damagedRunFile, foreignRun } from "./store-diagnostics.js";

/*
 * Where a run stands, from its record and its lock, without loading anything heavy: what
 * `vaec sweep --dry-run` lists and what reuse decisions are made from.
 */

export type RunState =
  /** Finished at its settings: reusable as it is. */
  | {
      kind: "finished";
      runDir: string;
      id: string;
      step: number;
      totalSteps: number;
      finish: FinishReason;
    }
  /**
   * Started and not finished: continued only with --resume. `status` is the record's, except
   * that a `running` run whose lock is free or stale is reported `interrupted` (it was killed);
   * `owner` is set while a live process holds it.
   */
  | {
      kind: "partial";
      runDir: string;
      id: string;
      step: number;
      totalSteps: number;
      status: Exclude<RunStatus, "finished">;
      owner?: LockOwner;
    }
  /** Nothing trained yet (`owner` when a process has just locked it to start). */
  | { kind: "missing"; runDir: string; id: string; owner?: LockOwner }
  /** A folder that cannot be used: another version, damaged, or another run's. */
  | { kind: "unusable"; runDir: string; id: string; diagnostics: Diagnostic[] };

/**
 * The state of the run folder `runDir`; `id` is the identity expected there (checked in full).
 * `mine` is the lock the caller itself holds, which does not count as another owner.
 */
export function inspectRun(runDir: string, id?: string, mine?: RunLock): RunState {
  const holder = lockHolder(runDir);
  const owner = holder && !sameOwner(holder, mine?.owner) ? holder : undefined;
  const expected = id ?? "";
  if (!fs.existsSync(runPaths(runDir).record)) {
    return { kind: "missing", runDir, id: expected, ...(owner && { owner }) };
  }
  const read = readRunRecord(runDir);
  const record = read.result;
  if (!record) return { kind: "unusable", runDir, id: expected, diagnostics: read.diagnostics };
  if (id !== undefined && record.id !== id) {
    return { kind: "unusable", runDir, id, diagnostics: [foreignRun(runDir, record.id, id)] };
  }
  return stateOf(runDir, record, owner);
}

function stateOf(runDir: string, record: RunRecord, owner: LockOwner | undefined): RunState {
  const base = { runDir, id: record.id, step: record.step, totalSteps: record.settings.totalSteps };
  if (record.status === "finished") {
    if (!fs.existsSync(runPaths(runDir).latest)) {
      const diagnostics = [damagedRunFile(runPaths(runDir).latest, "the file is missing")];
      return { kind: "unusable", runDir, id: record.id, diagnostics };
    }
    const finish = record.finish ?? { reason: "budget", step: record.step };
    return { kind: "finished", ...base, finish };
  }
  const status = record.status === "running" && !owner ? "interrupted" : record.status;
  return { kind: "partial", ...base, status, ...(owner && { owner }) };
}

/**
 * The state of the run `ir` trains into under `out`: its identity (data digest included) and
 * what its folder holds. `options.dataRoot` defaults to the spec's folder.
 */
export function trainedRunState(
  ir: ModelIR,
  out = "runs",
  options: IdentityOptions = {},
): RunState {
  const identity = runIdentity(ir, options);
  return inspectRun(path.join(out, identity.dirName), identity.id);
}

/** "finished, 1000/1000 steps", "interrupted, 479/2000 steps": for every reuse message. */
export function describeRunState(state: RunState): string {
  switch (state.kind) {
    case "finished":
      return state.finish.reason === "early-stop"
        ? `finished early, ${state.step}/${state.totalSteps} steps`
        : `finished, ${state.step}/${state.totalSteps} steps`;
    case "partial":
      return state.owner
        ? `running in pid ${state.owner.pid} on ${state.owner.host}, ${state.step}/${state.totalSteps} steps`
        : `${state.status}, ${state.step}/${state.totalSteps} steps`;
    case "missing":
      return "not trained yet";
    case "unusable":
      return "unusable";
  }
}
