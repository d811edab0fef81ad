import fs from "node:fs";
import type { Diagnostic, ModelIR } from "@vaec/compiler";
import { writeFileAtomic, writeJsonAtomic } from "./atomic-write.js";
import { runPaths } from "./layout.js";
import { createMetrics } from "./metrics-log.js";
import type { RunLock } from "./run-lock.js";
import {
  readRunRecord,
  thisProcess,
  writeRunRecord,
  type FinishReason,
  type RunRecord,
  type RunSettings,
  type TrainSession,
} from "./run-record.js";
import type { RunIdentity } from "./run-identity.js";
import type { RunState } from "./run-state.js";
import { runLocked, unfinishedRun } from "./store-diagnostics.js";
import { writeFailure } from "./store-error.js";
import { RUN_RECORD_FORMAT } from "./versions.js";

/*
 * The run store's side of one training session: deciding from the run's state whether to reuse,
 * resume or start it; preparing the folder; and keeping run.json's status and session history
 * current at the start, at every checkpoint and at the end. The caller holds the run's lock.
 */

export type TrainPlan = "reuse" | "resume" | "fresh";

/**
 * Reuse a finished run; resume an unfinished one only when asked (`resume`); start fresh when
 * there is nothing, or an earlier session ended before its first checkpoint. `command` is what
 * the user typed, for the VAE546 help (`vaec train spec.vae --steps 2000`).
 */
export function planTraining(
  state: RunState,
  resume: boolean,
  command: string,
): { plan?: TrainPlan; diagnostics: Diagnostic[] } {
  switch (state.kind) {
    case "finished":
      return { plan: "reuse", diagnostics: [] };
    case "unusable":
      return { diagnostics: state.diagnostics };
    case "missing":
      if (state.owner) {
        return { diagnostics: [runLocked(state.runDir, state.owner, isHere(state.owner.host))] };
      }
      return { plan: "fresh", diagnostics: [] };
    case "partial":
      if (state.owner) {
        return { diagnostics: [runLocked(state.runDir, state.owner, isHere(state.owner.host))] };
      }
      if (state.step === 0) return { plan: "fresh", diagnostics: [] };
      if (resume) return { plan: "resume", diagnostics: [] };
      return {
        diagnostics: [
          unfinishedRun(state.runDir, state.status, state.step, state.totalSteps, command),
        ],
      };
  }
}

function isHere(host: string): boolean {
  return host === thisProcess().host;
}

export interface SessionStart {
  runDir: string;
  lock: RunLock;
  identity: RunIdentity;
  ir: ModelIR;
  specText: string;
  specFile?: string;
  dataRoot?: string;
  settings: RunSettings;
  backend?: string;
  /** 0 for a fresh start, else the checkpoint's step. */
  fromStep: number;
}

export interface StoreTrainSession {
  record: RunRecord;
  /** After each checkpoint: the record's step and the session's `toStep`. */
  checkpointed(step: number): void;
  /** After each step: keeps the lock fresh for other hosts (at most one touch a minute). */
  heartbeat(): void;
  /** At the end: the status, the session's outcome and, for a finished run, why. */
  end(outcome: TrainSession["outcome"], step: number, finish?: FinishReason): void;
}

/**
 * Starts the session: for a fresh start, clears what an earlier attempt left (checkpoints,
 * metrics, attack results, figures) and writes a new record; for a resume, appends a session to
 * the existing record. Writes spec.vae and ir.json either way.
 */
export function beginTrainSession(start: SessionStart): StoreTrainSession {
  const paths = runPaths(start.runDir);
  const fresh = start.fromStep === 0;
  try {
    if (fresh) {
      for (const stale of [paths.checkpoints, paths.metrics, paths.attack, paths.figures])
        fs.rmSync(stale, { recursive: true, force: true });
      fs.rmSync(paths.report, { force: true });
    }
    fs.mkdirSync(paths.checkpoints, { recursive: true });
    fs.mkdirSync(paths.figures, { recursive: true });
  } catch (error) {
    throw writeFailure(start.runDir, error);
  }
  writeFileAtomic(paths.spec, start.specText);
  writeJsonAtomic(paths.ir, start.ir);
  if (fresh || !fs.existsSync(paths.metrics)) createMetrics(paths.metrics);

  const now = new Date().toISOString();
  const session: TrainSession = {
    kind: "train",
    ...thisProcess(),
    ...(start.backend !== undefined && { backend: start.backend }),
    fromStep: start.fromStep,
    toStep: start.fromStep,
    startedAt: now,
    outcome: "running",
  };
  const earlier = fresh ? undefined : readRunRecord(start.runDir).result;
  const record: RunRecord = earlier ?? {
    format: RUN_RECORD_FORMAT.name,
    version: RUN_RECORD_FORMAT.version,
    id: start.identity.id,
    model: start.ir.name,
    family: start.ir.family.name,
    irHash: start.identity.irHash,
    spec: { file: start.specFile, dataRoot: start.dataRoot },
    data: { source: start.ir.train.data, identity: start.identity.data },
    settings: start.settings,
    status: "running",
    step: 0,
    sessions: [],
    createdAt: now,
    updatedAt: now,
  };
  record.status = "running";
  delete record.finish;
  record.sessions.push(session);
  writeRunRecord(start.runDir, record);

  return {
    record,
    checkpointed(step) {
      record.step = step;
      session.toStep = step;
      writeRunRecord(start.runDir, record);
      start.lock.heartbeat();
    },
    heartbeat() {
      start.lock.heartbeat();
    },
    end(outcome, step, finish) {
      session.outcome = outcome;
      session.endedAt = new Date().toISOString();
      session.toStep = Math.max(session.toStep, step);
      record.step = Math.max(record.step, step);
      record.status =
        outcome === "finished" ? "finished" : outcome === "diverged" ? "diverged" : "interrupted";
      if (finish) record.finish = finish;
      writeRunRecord(start.runDir, record);
    },
  };
}
