import type { Diagnostic } from "@vaec/compiler";
import type { Queue } from "bullmq";
import { jobLost } from "./distributed-diagnostics.js";
import { failureDiagnostics } from "./job-failure.js";
import type { PointProgress, QueuedPoint } from "./point-queue.js";

/*
 * Where each point of a grid stands on the queue, read from Redis (the only shared truth): its
 * state, the worker running it and that worker's last progress report, and for a finished
 * point its record or its diagnostics. `vaec sweep --status` prints this; the submitter's live
 * display is this, read again every second or so.
 */

export type PointState = "waiting" | "active" | "delayed" | "completed" | "failed" | "missing";

export interface PointStatus {
  runHash: string;
  state: PointState;
  /** `host:pid` of the worker that took it last. */
  worker?: string;
  progress?: PointProgress;
  /** Attempts started so far (a lost worker's attempt counts). */
  attempts: number;
  /** The worker's return value, for a completed point. */
  record?: unknown;
  /** Why it failed, for a failed or missing point. */
  diagnostics?: Diagnostic[];
  /** Milliseconds since the epoch. */
  startedAt?: number;
  finishedAt?: number;
}

const CHUNK = 200;

export async function readPointStatuses(
  queue: Queue<QueuedPoint>,
  runHashes: string[],
  queueDisplay: string,
): Promise<PointStatus[]> {
  const out: PointStatus[] = [];
  for (let start = 0; start < runHashes.length; start += CHUNK) {
    const chunk = runHashes.slice(start, start + CHUNK);
    out.push(...(await Promise.all(chunk.map((id) => readOne(queue, id, queueDisplay)))));
  }
  return out;
}

async function readOne(
  queue: Queue<QueuedPoint>,
  runHash: string,
  queueDisplay: string,
): Promise<PointStatus> {
  // The state first, then the job: a job that finished in between is read with its result (the
  // move to completed or failed writes both at once), never a finished state over stale data.
  const state = await queue.getJobState(runHash);
  const job = state === "unknown" ? undefined : await queue.getJob(runHash);
  if (!job || state === "unknown") {
    return {
      runHash,
      state: "missing",
      attempts: 0,
      diagnostics: [jobLost(runHash, queueDisplay)],
    };
  }
  const status: PointStatus = {
    runHash,
    state: toPointState(state),
    worker: job.processedBy,
    progress: isProgress(job.progress) ? job.progress : undefined,
    attempts: job.attemptsStarted ?? job.attemptsMade,
    startedAt: job.processedOn,
    finishedAt: job.finishedOn,
  };
  if (status.state === "completed") status.record = job.returnvalue;
  if (status.state === "failed") {
    status.diagnostics = failureDiagnostics(runHash, job.failedReason, job.attemptsMade);
  }
  return status;
}

function toPointState(state: string): PointState {
  switch (state) {
    case "active":
    case "delayed":
    case "completed":
    case "failed":
      return state;
    default:
      // waiting, prioritized, waiting-children: all "not started yet" to a user.
      return "waiting";
  }
}

function isProgress(value: unknown): value is PointProgress {
  return typeof value === "object" && value !== null && "worker" in value && "phase" in value;
}

/** True once nothing more will happen to the point without a new submission. */
export function isSettled(status: PointStatus): boolean {
  return status.state === "completed" || status.state === "failed" || status.state === "missing";
}

export interface StateCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  missing: number;
}

export function countStates(statuses: PointStatus[]): StateCounts {
  const counts: StateCounts = {
    waiting: 0,
    active: 0,
    delayed: 0,
    completed: 0,
    failed: 0,
    missing: 0,
  };
  for (const s of statuses) counts[s.state]++;
  return counts;
}
