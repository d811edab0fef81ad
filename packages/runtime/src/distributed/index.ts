/*
 * Grids on a Redis queue (BullMQ): `@vaec/runtime/distributed`, a separate entry point so that
 * only `vaec worker` and `vaec sweep --queue` load BullMQ and the Redis client.
 */
export { parseQueueUrl, redactUrl, type QueueTarget } from "./queue-url.js";
export { openRedis, probeRedis, connectionDiagnostic, type RedisInfo } from "./redis-connection.js";
export {
  openPointQueue,
  QUEUE_NAME,
  QUEUE_PREFIX,
  QUEUED_POINT_VERSION,
  type PointProgress,
  type QueuedPoint,
} from "./point-queue.js";
export { submitPoints, type SubmitSummary } from "./submit-points.js";
export {
  readPointStatuses,
  countStates,
  isSettled,
  type PointState,
  type PointStatus,
  type StateCounts,
} from "./point-status.js";
export { watchPoints, type WatchOptions, type WatchResult } from "./watch-points.js";
export {
  startWorker,
  type RunningWorker,
  type StartWorkerOptions,
  type WorkerEvent,
} from "./start-worker.js";
export { checkDataRoot } from "./data-root.js";
export { runPointsOnQueue, gridStatus, type QueuePoolOptions } from "./queue-pool.js";
