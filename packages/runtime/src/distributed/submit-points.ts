import type { Queue } from "bullmq";
import { POINT_JOB_OPTIONS, type QueuedPoint } from "./point-queue.js";

/*
 * Queueing a grid: every point becomes a job whose id is its run hash. Points already on the
 * queue are left alone (finished ones are results, running ones are someone's work), except
 * points that failed, which are retried (a second submission after fixing the data on the
 * workers is how a user asks for that), and finished points attacked with other settings than
 * this grid's, which are queued again (the trained run is reused on the worker that has it). Adding is idempotent in BullMQ too (a job id that exists
 * is not added again), so two submitters racing on the same grid still queue each point once.
 */

export interface SubmitSummary {
  /** Newly queued. */
  queued: string[];
  /** Finished earlier: their results are on the queue already. */
  done: string[];
  /** Waiting, delayed or running from an earlier submission. */
  inFlight: string[];
  /** Failed earlier and queued again. */
  retried: string[];
}

const CHUNK = 200;

function sameAttack(record: unknown, point: QueuedPoint): boolean {
  return (record as { attackDigest?: string } | null)?.attackDigest === point.point.attackDigest;
}

export async function submitPoints(
  queue: Queue<QueuedPoint>,
  points: QueuedPoint[],
): Promise<SubmitSummary> {
  const summary: SubmitSummary = { queued: [], done: [], inFlight: [], retried: [] };
  const fresh: QueuedPoint[] = [];
  for (let start = 0; start < points.length; start += CHUNK) {
    const chunk = points.slice(start, start + CHUNK);
    const states = await Promise.all(
      chunk.map(async (point) => {
        // The state before the job, so a job that finishes in between is read with its result.
        const state = await queue.getJobState(point.runHash);
        const job = state === "unknown" ? undefined : await queue.getJob(point.runHash);
        return job ? { job, state } : null;
      }),
    );
    for (const [i, found] of states.entries()) {
      const point = chunk[i];
      if (!found || found.state === "unknown") fresh.push(point);
      else if (found.state === "completed" && sameAttack(found.job.returnvalue, point)) {
        summary.done.push(point.runHash);
      } else if (found.state === "completed") {
        await found.job.remove();
        fresh.push(point);
      } else if (found.state === "failed") {
        try {
          await found.job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
          summary.retried.push(point.runHash);
        } catch {
          // Another submitter retried it first: it is in flight again.
          summary.inFlight.push(point.runHash);
        }
      } else summary.inFlight.push(point.runHash);
    }
  }
  for (let start = 0; start < fresh.length; start += CHUNK) {
    await queue.addBulk(
      fresh.slice(start, start + CHUNK).map((point) => ({
        name: "point",
        data: point,
        opts: { ...POINT_JOB_OPTIONS, jobId: point.runHash },
      })),
    );
  }
  summary.queued = fresh.map((point) => point.runHash);
  return summary;
}
