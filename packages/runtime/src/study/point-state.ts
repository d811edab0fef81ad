import type { Diagnostic } from "@vaec/compiler";
import { readAttackResults } from "../attack-pipeline/attack-results.js";
import { attackSettingsDigest } from "../run-store/attack-session.js";
import type { LockOwner } from "../run-store/run-lock.js";
import { inspectRun } from "../run-store/run-state.js";
import { readPointRecord } from "./point-record.js";
import type { StudyPoint } from "./study-point.js";

/*
 * Where each point of a grid stands, read from the study's records and the run store without
 * loading a model: what `vaec sweep --dry-run` lists and how the pool decides what to run.
 */

export type PointState =
  /** The study holds its record (at these attack settings): nothing to do. */
  | { kind: "done"; step: number }
  /** Trained to its budget (and maybe attacked at these settings): only the rest is left. */
  | { kind: "trained"; step: number; attacked: boolean }
  | {
      kind: "partial";
      step: number;
      totalSteps: number;
      status: string;
      owner?: LockOwner;
    }
  | { kind: "todo" }
  | { kind: "unusable"; diagnostics: Diagnostic[] };

export function pointState(point: StudyPoint, studyDir: string): PointState {
  const known = readPointRecord(studyDir, point.id, point.attackDigest);
  if (known.record) return { kind: "done", step: known.record.step };
  const run = inspectRun(point.runDir, point.id);
  switch (run.kind) {
    case "finished": {
      const results = readAttackResults(point.runDir);
      const attacked =
        results !== null &&
        results.step === run.step &&
        attackSettingsDigest(results.settings) === point.attackDigest;
      return { kind: "trained", step: run.step, attacked };
    }
    case "partial":
      return {
        kind: "partial",
        step: run.step,
        totalSteps: run.totalSteps,
        status: run.status,
        ...(run.owner && { owner: run.owner }),
      };
    case "missing":
      return { kind: "todo" };
    case "unusable":
      return { kind: "unusable", diagnostics: run.diagnostics };
  }
}

/** "done (step 200)", "partial at step 120 of 200 (interrupted)", "to do": for --dry-run. */
export function describePointState(state: PointState): string {
  switch (state.kind) {
    case "done":
      return `done (step ${state.step})`;
    case "trained":
      return state.attacked
        ? `trained and attacked (step ${state.step}); record to write`
        : `trained (step ${state.step}); to attack`;
    case "partial":
      return state.owner
        ? `running in pid ${state.owner.pid} on ${state.owner.host}, step ${state.step} of ${state.totalSteps}`
        : `partial at step ${state.step} of ${state.totalSteps} (${state.status}; --resume continues it)`;
    case "todo":
      return "to do";
    case "unusable":
      return `unusable: ${state.diagnostics[0]?.message ?? "see the run store"}`;
  }
}
