import { hostname } from "node:os";
import { extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, type Job } from "bullmq";
import type { Diagnostic } from "@vaec/compiler";
import { failureDiagnostics } from "./job-failure.js";
import { QUEUE_NAME, QUEUE_PREFIX, type PointProgress, type QueuedPoint } from "./point-queue.js";
import { openRedis } from "./redis-connection.js";
import type { QueueTarget } from "./queue-url.js";
import { WORKER_ENV } from "./worker-env.js";

/*
 * `vaec worker`: takes points off the queue and runs each in a sandboxed child process
 * (point-processor.ts, BullMQ's sandboxed processors), so a long CPU-bound training step never
 * blocks this process from renewing the job's lock: a healthy worker never loses a job to
 * another. If this process dies (kill -9, a machine lost), its locks expire after `lockMs`, and
 * another worker's stalled-job check puts the points back on the queue.
 */

export interface StartWorkerOptions {
  target: QueueTarget;
  /** Points run at once, each in its own child process. */
  concurrency: number;
  /** The only folder queued specs may read data from. */
  dataRoot: string;
  /** Where run directories (checkpoints, attack results, figures) are written. */
  artifacts: string;
  /** How long a job's lock lasts without renewal (default 30 s); also the stalled-check period. */
  lockMs?: number;
  /** Node flags for the child processes (e.g. the TypeScript loader). */
  childExecArgv?: string[];
  onEvent?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | { kind: "active"; runHash: string; label: string; attempt: number }
  | { kind: "progress"; runHash: string; label: string; progress: PointProgress }
  | { kind: "completed"; runHash: string; label: string; seconds: number }
  | {
      kind: "failed";
      runHash: string;
      label: string;
      diagnostics: Diagnostic[];
      /** BullMQ's reason, first line (for a crash: how the child died). */
      reason: string;
      willRetry: boolean;
    }
  | { kind: "stalled"; runHash: string }
  | { kind: "connection"; up: boolean; reason?: string }
  /** Anything else BullMQ reports (a lock lost while Redis was away, say): logged, not fatal. */
  | { kind: "error"; message: string };

export interface RunningWorker {
  /** `host:pid`, as the submitter's display shows it. */
  name: string;
  /** Stops taking points; waits for the running ones unless `force`. */
  close(force?: boolean): Promise<void>;
}

const DEFAULT_LOCK_MS = 30_000;
const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|LOADING/i;

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const name = `${hostname()}:${process.pid}`;
  const connection = openRedis(options.target, "worker");
  const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
  const emit = options.onEvent ?? (() => {});
  const worker = new Worker<QueuedPoint>(
    QUEUE_NAME,
    // The processor beside this file: point-processor.ts from source, .js when built.
    new URL(`./point-processor${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
    {
      connection,
      prefix: QUEUE_PREFIX,
      name,
      concurrency: options.concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      // A point whose worker vanished twice is more likely the cause than the victim.
      maxStalledCount: 2,
      workerForkOptions: {
        execArgv: options.childExecArgv ?? [],
        env: {
          ...process.env,
          [WORKER_ENV.name]: name,
          [WORKER_ENV.dataRoot]: resolve(options.dataRoot),
          [WORKER_ENV.artifacts]: resolve(options.artifacts),
        },
      },
    },
  );

  const label = (job: Job<QueuedPoint> | undefined) => job?.data?.label ?? job?.id ?? "?";
  worker.on("active", (job) =>
    // attemptsStarted counts an attempt lost with its worker too (attemptsMade does not).
    emit({ kind: "active", runHash: job.id!, label: label(job), attempt: job.attemptsStarted }),
  );
  worker.on("progress", (job, progress) => {
    if (typeof progress === "object" && progress !== null && "phase" in progress) {
      const p = progress as PointProgress;
      emit({ kind: "progress", runHash: job.id!, label: label(job), progress: p });
    }
  });
  worker.on("completed", (job) =>
    emit({
      kind: "completed",
      runHash: job.id!,
      label: label(job),
      seconds: ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000,
    }),
  );
  worker.on("failed", (job, error) => {
    if (!job) return;
    const unrecoverable = error.name === "UnrecoverableError";
    emit({
      kind: "failed",
      runHash: job.id!,
      label: label(job),
      diagnostics: failureDiagnostics(job.id!, error.message, job.attemptsMade),
      reason: error.message.split("\n")[0],
      willRetry: !unrecoverable && job.attemptsMade < (job.opts.attempts ?? 1),
    });
  });
  worker.on("stalled", (jobId) => emit({ kind: "stalled", runHash: jobId }));
  let up = true;
  let closing = false;
  connection.on("close", () => {
    if (up && !closing) emit({ kind: "connection", up: (up = false), reason: "connection closed" });
  });
  connection.on("ready", () => {
    if (!up) emit({ kind: "connection", up: (up = true) });
  });
  // Connection errors are retried by ioredis; the events above report them once each way.
  worker.on("error", (error) => {
    if (!CONNECTION_ERROR.test(error.message) && up)
      emit({ kind: "error", message: error.message });
  });
  await worker.waitUntilReady();
  return {
    name,
    async close(force = false) {
      closing = true;
      await worker.close(force);
      connection.disconnect();
    },
  };
}
