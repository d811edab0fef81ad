import { setTimeout as sleep } from "node:timers/promises";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { QueuedPoint } from "./point-queue.js";
import { isSettled, readPointStatuses, type PointStatus } from "./point-status.js";

/*
 * The submitter's side of a running grid: read every unsettled point's status from Redis every
 * `intervalMs` until all are settled (completed, failed or gone) or the caller aborts (Ctrl-C:
 * the jobs stay queued and running). Polling the shared state, rather than listening to
 * BullMQ's event stream alone, means nothing is missed while Redis restarts or the submitter is
 * away: what it shows is always what Redis holds. While Redis is unreachable the reads wait on
 * the reconnecting connection, and `onConnection` says so.
 */

export interface WatchOptions {
  intervalMs?: number;
  signal?: AbortSignal;
  /** Every point's status after each read (settled points keep their last status). */
  onUpdate?: (statuses: PointStatus[]) => void;
  /** `false` when the connection to Redis drops, `true` when it is back. */
  onConnection?: (up: boolean, reason?: string) => void;
}

export interface WatchResult {
  statuses: PointStatus[];
  /** True when the caller aborted before every point settled. */
  aborted: boolean;
}

export async function watchPoints(
  queue: Queue<QueuedPoint>,
  connection: Redis,
  runHashes: string[],
  queueDisplay: string,
  options: WatchOptions = {},
): Promise<WatchResult> {
  const interval = options.intervalMs ?? Math.max(1000, runHashes.length * 2);
  const statuses = new Map<string, PointStatus>();
  let up = true;
  const onClose = () => {
    if (up) options.onConnection?.((up = false), "connection closed; reconnecting");
  };
  const onError = (error: Error) => {
    if (up) options.onConnection?.((up = false), error.message);
  };
  const onReady = () => {
    if (!up) options.onConnection?.((up = true));
  };
  connection.on("close", onClose);
  connection.on("error", onError);
  connection.on("ready", onReady);
  try {
    let pending = [...runHashes];
    while (!options.signal?.aborted) {
      const read = await abortable(readPointStatuses(queue, pending, queueDisplay), options.signal);
      if (read === null) break;
      for (const status of read) statuses.set(status.runHash, status);
      pending = read.filter((status) => !isSettled(status)).map((status) => status.runHash);
      options.onUpdate?.(runHashes.map((id) => statuses.get(id)!));
      if (pending.length === 0) break;
      try {
        await sleep(interval, undefined, { signal: options.signal });
      } catch {
        break;
      }
    }
    return {
      statuses: runHashes.flatMap((id) => statuses.get(id) ?? []),
      aborted: runHashes.some((id) => !statuses.has(id) || !isSettled(statuses.get(id)!)),
    };
  } finally {
    connection.off("close", onClose);
    connection.off("error", onError);
    connection.off("ready", onReady);
  }
}

/** The promise's value, or null as soon as the signal aborts (the read itself is abandoned). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | null> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(null);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
