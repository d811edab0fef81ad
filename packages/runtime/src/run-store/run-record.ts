import fs from "node:fs";
import os from "node:os";
import type { DataSource } from "@vaec/compiler";
import { writeJsonAtomic } from "./atomic-write.js";
import type { DataIdentity } from "./data-identity.js";
import { runPaths } from "./layout.js";
import { readVersionedJson, type Checked } from "./read-versioned.js";
import { RUN_RECORD_FORMAT } from "./versions.js";

/*
 * run.json, the run record: what the run is (its full id, the data's identity, the settings
 * training resolved), where it stands (status, step, why it finished) and its history: every
 * train session (which steps it ran, on which machine, how it ended) and every attack. Only the
 * lock's holder writes it, always atomically.
 */

export type RunStatus = "running" | "finished" | "interrupted" | "diverged";

/** Why a finished run finished: its whole budget, or early stopping (with the step it stopped). */
export interface FinishReason {
  reason: "budget" | "early-stop";
  step: number;
  /** e.g. "held-out ELBO did not improve for 5 evaluations". */
  detail?: string;
}

export interface TrainSession {
  kind: "train";
  pid: number;
  host: string;
  backend?: string;
  /** The checkpoint step it started from (0 for a fresh start). */
  fromStep: number;
  /** The last step it checkpointed (updated at each checkpoint, so a killed session shows it). */
  toStep: number;
  startedAt: string;
  endedAt?: string;
  /** `running` stays on a session whose process was killed. */
  outcome: "running" | "finished" | "interrupted" | "diverged" | "failed";
}

export interface AttackSession {
  kind: "attack";
  pid: number;
  host: string;
  /** The checkpoint step attacked. */
  step: number;
  /** 16 hex digits of the sha256 of the attack settings (kinds, pairs, lambdas, optimizer...). */
  settingsDigest: string;
  startedAt: string;
  endedAt?: string;
  outcome: "running" | "finished" | "failed";
}

export type RunSession = TrainSession | AttackSession;

export interface RunSettings {
  seed: number;
  batch: number;
  heldOut: number;
  trainSize: number;
  stepsPerEpoch: number;
  /** The budget: the spec's steps, or its epochs times steps per epoch. */
  totalSteps: number;
}

export interface RunRecord {
  format: typeof RUN_RECORD_FORMAT.name;
  version: number;
  /** The run identity's 64 hex digits; the folder name holds the first 8. */
  id: string;
  model: string;
  family: string;
  irHash: string;
  spec: { file?: string; dataRoot?: string };
  data: { source: DataSource; identity: DataIdentity };
  settings: RunSettings;
  status: RunStatus;
  /** The newest checkpoint's step (0 before the first). */
  step: number;
  finish?: FinishReason;
  sessions: RunSession[];
  createdAt: string;
  updatedAt: string;
}

export function readRunRecord(runDir: string): Checked<RunRecord> {
  return readVersionedJson<RunRecord>(runPaths(runDir).record, RUN_RECORD_FORMAT);
}

export function hasRunRecord(runDir: string): boolean {
  return fs.existsSync(runPaths(runDir).record);
}

export function writeRunRecord(runDir: string, record: RunRecord): void {
  // Fields in the documented order (docs/runs.md), whatever order they were set in.
  const { format, version, id, model, family, irHash, spec, data, settings, status, step } = record;
  const { finish, sessions, createdAt } = record;
  const ordered = {
    format,
    version,
    id,
    model,
    family,
    irHash,
    spec,
    data,
    settings,
    status,
    step,
  };
  writeJsonAtomic(runPaths(runDir).record, {
    ...ordered,
    ...(finish && { finish }),
    sessions,
    createdAt,
    updatedAt: new Date().toISOString(),
  });
}

/** Reads, changes and writes the record (the caller holds the lock). */
export function updateRunRecord(
  runDir: string,
  change: (record: RunRecord) => void,
): Checked<RunRecord> {
  const read = readRunRecord(runDir);
  if (!read.result) return read;
  change(read.result);
  writeRunRecord(runDir, read.result);
  return read;
}

/** This process, as sessions and locks name it. */
export function thisProcess(): { pid: number; host: string } {
  return { pid: process.pid, host: os.hostname() };
}

/** The train sessions' step ranges: the store's own evidence of which steps ran when. */
export function trainedRanges(record: RunRecord): Array<[number, number]> {
  return record.sessions
    .filter((s): s is TrainSession => s.kind === "train")
    .map((s) => [s.fromStep, s.toStep]);
}
