import type { SandboxedJob } from "bullmq";
import type { Diagnostic } from "@vaec/compiler";
import { BackendError } from "../backend/backend-diagnostics.js";
import { initBackend } from "../backend/init-backend.js";
import type { PointRecord } from "../study/point-record.js";
import type { PointProgress as StudyPointProgress } from "../study/run-point.js";
import { diagnosticsFailure } from "./job-failure.js";
import type { PointProgress, QueuedPoint } from "./point-queue.js";
import { runQueuedPoint } from "./run-queued-point.js";
import { workerSettingsFromEnv } from "./worker-env.js";

/*
 * The sandboxed processor: BullMQ forks a child process per running point (start-worker.ts) and
 * calls this file's default export in it, one point at a time (the child is reused for the next).
 * Training and attacks block this child's event loop, never the worker's, which keeps renewing
 * the job's lock meanwhile.
 */

/** Progress goes to Redis at most this often (and on every change of phase). */
const PROGRESS_EVERY_MS = 500;

// A child whose worker died (kill -9) has no one to return its result to: stop, and leave the
// point to the worker that gets it once the lock expires.
process.once("disconnect", () => process.exit(1));

let backend: Promise<string> | undefined;

export default async function processPoint(job: SandboxedJob<QueuedPoint>): Promise<PointRecord> {
  const settings = workerSettingsFromEnv();
  let lastPhase = "";
  let lastSent = 0;
  const send = (p: StudyPointProgress) => {
    const now = Date.now();
    if (p.phase === lastPhase && now - lastSent < PROGRESS_EVERY_MS && p.done < p.total) return;
    lastPhase = p.phase;
    lastSent = now;
    const progress: PointProgress = { worker: settings.name, ...p };
    // Progress is advisory: a Redis hiccup must not fail the point.
    job.updateProgress(progress as unknown as object).catch(() => {});
  };
  // Tells the submitter at once which worker has the point, before the first step.
  send({ phase: "train", done: 0, total: 0 });
  try {
    const warnings: string[] = [];
    const onWarning = (d: Diagnostic) => warnings.push(`${d.severity}[${d.code}]: ${d.message}`);
    backend ??= initBackend({ onWarning }).then((info) => info.name);
    await backend;
    if (warnings.length > 0) {
      const progress: PointProgress = {
        worker: settings.name,
        phase: "train",
        done: 0,
        total: 0,
        warnings,
      };
      job.updateProgress(progress as unknown as object).catch(() => {});
    }
  } catch (error) {
    backend = undefined;
    if (error instanceof BackendError) throw diagnosticsFailure(error.diagnostics);
    throw error;
  }
  const outcome = await runQueuedPoint(job.data, { ...settings, backend: await backend }, send);
  if (!outcome.record) throw diagnosticsFailure(outcome.diagnostics);
  return outcome.record;
}
