import type { PoolResult, RunningPool, StudyEvent, StudyPoint } from "@vaec/runtime";
import type { QueueTarget } from "@vaec/runtime/distributed";
import { ExitCode } from "./exit-code.js";
import { plural, printDiagnostics } from "./render.js";

/*
 * `vaec sweep --queue URL`: the sweep command's queue mode (docs/distributed.md). The grid is
 * expanded as for the local pool; these helpers open the queue, run the points on it in the
 * pool's place, and print `--status`. BullMQ and the Redis client are loaded only here.
 */

const distributed = () => import("@vaec/runtime/distributed");

/** The queue's target after a first connection check, or null (diagnostics printed). */
export async function openQueueTarget(url: string): Promise<QueueTarget | null> {
  const { parseQueueUrl, probeRedis } = await distributed();
  const parsed = parseQueueUrl(url);
  printDiagnostics(parsed.diagnostics);
  if (!parsed.result) return null;
  const probe = await probeRedis(parsed.result);
  printDiagnostics(probe.diagnostics);
  return probe.result ? parsed.result : null;
}

/** Queues the points and follows them, in place of `runPointPool`. */
export async function queuePool(
  points: readonly StudyPoint[],
  target: QueueTarget,
  studyDir: string,
  handlers: { onEvent: (event: StudyEvent) => void; log: (line: string) => void },
): Promise<RunningPool> {
  const { runPointsOnQueue } = await distributed();
  return runPointsOnQueue(points, {
    target,
    studyDir,
    onEvent: handlers.onEvent,
    onNote: handlers.log,
    onSubmitted: (s) => {
      const parts = [
        `${s.queued.length} queued`,
        s.done.length > 0 && `${s.done.length} finished there earlier`,
        s.inFlight.length > 0 && `${s.inFlight.length} already waiting or running`,
        s.retried.length > 0 && `${s.retried.length} failed earlier and queued again`,
      ].filter(Boolean);
      const hint =
        s.queued.length > 0 ? "; `vaec worker --queue URL` on any machine runs them" : "";
      handlers.log(`on ${target.display}: ${parts.join(", ")}${hint}`);
    },
  });
}

export const QUEUE_STOP_NOTE =
  "the points go on on the queue; `--status` shows them and the same command collects them";

/** The sweep's last line when a queue-mode sweep stopped following its points. */
export function stoppedNote(result: PoolResult): string {
  return result.stopped ? ` (${QUEUE_STOP_NOTE})` : "";
}

/** `vaec sweep --queue URL --status`: each point's state on the queue; runs nothing. */
export async function printQueueStatus(
  points: readonly StudyPoint[],
  target: QueueTarget,
  studyDir: string,
  json: boolean,
): Promise<number> {
  const { gridStatus, countStates } = await distributed();
  const statuses = await gridStatus(points, target);
  const byId = new Map(points.map((p) => [p.id, p]));
  if (json) {
    for (const s of statuses) {
      process.stdout.write(
        JSON.stringify({
          event: "point",
          id: s.runHash,
          label: byId.get(s.runHash)?.label,
          state: s.state,
          worker: s.worker,
          progress: s.progress,
          attempts: s.attempts,
          diagnostics: s.diagnostics,
        }) + "\n",
      );
    }
    return ExitCode.Ok;
  }
  const width = Math.max(...points.map((p) => p.label.length), 5);
  // `--status` may come before any submission: a point that is not on the queue is not lost.
  const shown = (state: string) => (state === "missing" ? "not queued" : state);
  process.stdout.write(
    `${plural(points.length, "point")} on ${target.display} (records collect in ${studyDir}):\n`,
  );
  for (const s of statuses) {
    const label = byId.get(s.runHash)?.label ?? s.runHash;
    const where =
      s.state === "active" && s.progress
        ? ` on ${s.worker}: ${s.progress.phase} ${s.progress.done}/${s.progress.total}`
        : s.state === "active"
          ? ` on ${s.worker}`
          : s.state === "completed"
            ? ` by ${s.worker}`
            : "";
    const retry = s.attempts > 1 ? ` (attempt ${s.attempts})` : "";
    process.stdout.write(
      `  ${s.runHash.slice(0, 8)}  ${label.padEnd(width)}  ${shown(s.state)}${where}${retry}\n`,
    );
  }
  const counts = countStates(statuses);
  process.stdout.write(
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([state, n]) => `${n} ${shown(state)}`)
      .join(", ") + "\n",
  );
  for (const s of statuses) {
    if (s.state === "failed") {
      process.stderr.write(`${byId.get(s.runHash)?.label ?? s.runHash}:\n`);
      printDiagnostics(s.diagnostics ?? []);
    }
  }
  return ExitCode.Ok;
}
