import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { PointProgress as StudyPointProgress } from "../study/run-point.js";
import type { StudyPoint } from "../study/study-point.js";

/*
 * The one BullMQ queue every grid point goes through. Its name and key prefix are fixed, so a
 * submitter and its workers only need to agree on the Redis URL; grids share the queue and are
 * told apart by their points' run hashes, which are the job ids (a point that is done or in
 * flight is never queued twice, whichever grid asks for it).
 */

export const QUEUE_NAME = "points";
/** Redis keys are `vaec:points:*`, so the queue can share a server with other software. */
export const QUEUE_PREFIX = "vaec";

/** What a queued point carries: enough for a worker on another machine to run it. */
export interface QueuedPoint {
  format: "vaec-queued-point";
  version: typeof QUEUED_POINT_VERSION;
  /** The point's run hash (the run store's identity); also its job id. */
  runHash: string;
  /** What progress lines call it, e.g. `SeatbeltL2 beta=2 train.seed=1`. */
  label: string;
  /** The study engine's point, as the submitter expanded it; the worker checks it. */
  point: StudyPoint;
}

export const QUEUED_POINT_VERSION = 1;

/** What a worker reports through `job.updateProgress` while it runs a point. */
export type PointProgress = StudyPointProgress & {
  /** `host:pid` of the worker. */
  worker: string;
  /** The child's backend warnings (a malformed switch, VAE534), rendered, for the worker's log:
   * the library writes no stderr of its own. */
  warnings?: string[];
};

/**
 * Retries are for crashes and lost workers (a point that fails with a diagnostic is not retried,
 * see job-failure.ts). Finished jobs are kept: their return values are the grid's results, and
 * a kept job id is what makes a second submission of the same point a no-op.
 */
export const POINT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5000 },
  removeOnComplete: false,
  removeOnFail: false,
};

export function openPointQueue(connection: Redis): Queue<QueuedPoint> {
  return new Queue<QueuedPoint>(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
}
