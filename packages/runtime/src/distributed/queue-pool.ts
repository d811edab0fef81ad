import type { Diagnostic } from "@vaec/compiler";
import {
  POINT_RECORD_FORMAT,
  pointRecordPath,
  writePointRecord,
  type PointRecord,
} from "../study/point-record.js";
import type { PoolResult, RunningPool } from "../study/pool.js";
import type { StudyEvent } from "../study/study-events.js";
import type { StudyPoint } from "../study/study-point.js";
import { unrunnableJob } from "./distributed-diagnostics.js";
import {
  openPointQueue,
  QUEUED_POINT_VERSION,
  type PointProgress,
  type QueuedPoint,
} from "./point-queue.js";
import { readPointStatuses, type PointStatus } from "./point-status.js";
import type { QueueTarget } from "./queue-url.js";
import { openRedis } from "./redis-connection.js";
import { submitPoints, type SubmitSummary } from "./submit-points.js";
import { watchPoints } from "./watch-points.js";

/*
 * `vaec sweep --queue URL`: the queue in place of the local pool (study/pool.ts), with the same
 * contract, so the sweep command draws the same progress and writes the same study report. Every
 * point is queued (job id = run id); then the submitter follows them in Redis and turns what it
 * sees into the pool's StudyEvents, naming the worker (`host:pid`) that runs each. A finished
 * point's record (the job's return value) is written to `<study>/points/<id>.json` as the local
 * pool's children write it. stop() and kill() only stop following: the points stay queued and
 * running, and a later `--status` or the same command picks them up.
 */

export interface QueuePoolOptions {
  target: QueueTarget;
  studyDir: string;
  /** How often Redis is read (default: every second, slower for very large grids). */
  intervalMs?: number;
  onEvent?: (event: StudyEvent) => void;
  /** Lines for the user: what was queued, Redis lost and back, a point changing workers. */
  onNote?: (line: string) => void;
  onSubmitted?: (summary: SubmitSummary) => void;
}

export function toQueuedPoint(point: StudyPoint): QueuedPoint {
  return {
    format: "vaec-queued-point",
    version: QUEUED_POINT_VERSION,
    runHash: point.id,
    label: point.label,
    point,
  };
}

export function runPointsOnQueue(
  points: readonly StudyPoint[],
  options: QueuePoolOptions,
): RunningPool {
  const abort = new AbortController();
  const done = follow(points, options, abort.signal);
  return { done, stop: () => abort.abort(), kill: () => abort.abort() };
}

async function follow(
  points: readonly StudyPoint[],
  options: QueuePoolOptions,
  signal: AbortSignal,
): Promise<PoolResult> {
  const emit = options.onEvent ?? (() => {});
  const note = options.onNote ?? (() => {});
  const connection = openRedis(options.target, "submit");
  const queue = openPointQueue(connection);
  const byId = new Map(points.map((p) => [p.id, p]));
  const result: PoolResult = { records: [], failed: [], stopped: false };
  try {
    const summary = await submitPoints(queue, points.map(toQueuedPoint));
    options.onSubmitted?.(summary);
    const doneBefore = new Set(summary.done);
    const seen = new Map<string, PointStatus>();
    const announced = new Map<string, string>();
    const settled = new Set<string>();
    const watched = await watchPoints(queue, connection, [...byId.keys()], options.target.display, {
      intervalMs: options.intervalMs,
      signal,
      onConnection: (up, reason) =>
        note(
          up
            ? `Redis at ${options.target.display} is back`
            : `lost Redis at ${options.target.display} (${reason}); reconnecting`,
        ),
      onUpdate: (statuses) => {
        for (const status of statuses) {
          if (settled.has(status.runHash)) continue;
          const point = byId.get(status.runHash)!;
          const before = seen.get(status.runHash);
          seen.set(status.runHash, status);
          const outcome = translate(point, status, before, doneBefore.has(point.id), {
            emit,
            note,
            studyDir: options.studyDir,
            announced,
          });
          if (outcome === "running") continue;
          settled.add(status.runHash);
          if ("record" in outcome) result.records.push(outcome.record);
          else result.failed.push({ point, diagnostics: outcome.diagnostics });
        }
      },
    });
    result.stopped = watched.aborted;
    // In grid order, as the local pool with one job gives them: the same tables, row for row.
    const order = new Map(points.map((p, i) => [p.id, i]));
    result.records.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    result.failed.sort((a, b) => order.get(a.point.id)! - order.get(b.point.id)!);
    return result;
  } finally {
    await queue.close().catch(() => {});
    connection.disconnect();
  }
}

type Outcome = "running" | { record: PointRecord } | { diagnostics: Diagnostic[] };

/** The StudyEvents that take the display from `before` to `now`, and what the point came to. */
function translate(
  point: StudyPoint,
  now: PointStatus,
  before: PointStatus | undefined,
  doneBefore: boolean,
  to: {
    emit: (event: StudyEvent) => void;
    note: (line: string) => void;
    studyDir: string;
    /** The worker each point was last shown on. */
    announced: Map<string, string>;
  },
): Outcome {
  const { emit, note, studyDir, announced } = to;
  const started = before !== undefined && before.state === "active";
  if (now.state === "active") {
    // The worker's name arrives with the job (processedBy) or its first progress report.
    const worker = now.progress?.worker ?? now.worker;
    if (worker === undefined) return "running";
    const shown = announced.get(point.id);
    if (shown === undefined)
      emit({
        event: "point-start",
        id: point.id,
        label: point.label,
        runDir: point.runDir,
        worker,
      });
    else if (shown !== worker) note(`${point.label}: now on ${worker} (attempt ${now.attempts})`);
    announced.set(point.id, worker);
    if (now.progress && !sameProgress(now.progress, before?.progress)) {
      const { worker: _, ...progress } = now.progress;
      emit({ event: "progress", id: point.id, ...progress });
    }
    return "running";
  }
  if (now.state === "waiting" || now.state === "delayed") {
    if (started)
      note(
        `${point.label}: back on the queue after attempt ${before.attempts} on ${before.worker ?? "a worker"}`,
      );
    return "running";
  }
  if (now.state === "completed") {
    const record = now.record as PointRecord | undefined;
    if (
      record?.format !== POINT_RECORD_FORMAT.name ||
      record.version !== POINT_RECORD_FORMAT.version ||
      record.id !== point.id ||
      record.attackDigest !== point.attackDigest
    ) {
      return fail(
        point,
        [
          unrunnableJob(
            point.id,
            "its result on the queue is not this point's record at this version and these attack settings",
            "run the same vaec version everywhere; `vaec sweep ... --queue URL` again queues it anew",
          ),
        ],
        emit,
      );
    }
    writePointRecord(studyDir, record);
    emit({
      event: "point-done",
      id: point.id,
      label: point.label,
      runDir: record.runDir,
      reused: doneBefore,
      training: record.training,
      step: record.step,
      seconds: Math.round(((now.finishedAt ?? 0) - (now.startedAt ?? 0)) / 100) / 10,
      record: pointRecordPath(studyDir, point.id),
    });
    return { record };
  }
  return fail(point, now.diagnostics ?? [], emit);
}

function fail(
  point: StudyPoint,
  diagnostics: Diagnostic[],
  emit: (event: StudyEvent) => void,
): Outcome {
  emit({
    event: "point-failed",
    id: point.id,
    label: point.label,
    runDir: point.runDir,
    diagnostics,
  });
  return { diagnostics };
}

function sameProgress(a: PointProgress, b: PointProgress | undefined): boolean {
  return b !== undefined && a.phase === b.phase && a.done === b.done && a.total === b.total;
}

/** Where every point of a grid stands on the queue (`vaec sweep --queue URL --status`). */
export async function gridStatus(
  points: readonly StudyPoint[],
  target: QueueTarget,
): Promise<PointStatus[]> {
  const connection = openRedis(target, "status");
  const queue = openPointQueue(connection);
  try {
    return await readPointStatuses(
      queue,
      points.map((p) => p.id),
      target.display,
    );
  } finally {
    await queue.close().catch(() => {});
    connection.disconnect();
  }
}
