import cliProgress from "cli-progress";
import type { StudyEvent } from "@vaec/runtime";
import { formatDuration } from "./progress.js";

/*
 * One display over a whole grid: on a terminal, a bar for the grid (done / running / queued, ETA)
 * and one bar per running point (its phase and steps); elsewhere, a line per point started,
 * finished or failed and a status line every 30 seconds. The ETA counts finished points and the
 * running points' fractions (training as the first 60% of a point, attacks the rest), counting
 * only the work done in this process: points whose record was reused finish at once, and a run
 * continued from its checkpoint starts part-way (its first progress report is its baseline);
 * counted as work, either would make a resumed study's ETA start near zero and then grow.
 */

export interface StudyProgress {
  handle(event: StudyEvent): void;
  log(line: string): void;
  stop(): void;
}

const TRAIN_SHARE = 0.6;

interface Running {
  label: string;
  /** How much of the point is done, 0 to 1. */
  fraction: number;
  /** Its fraction at its first progress report: more than 0 for a run continued from a checkpoint. */
  baseline?: number;
  bar?: cliProgress.SingleBar;
}

export function createStudyProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): StudyProgress {
  const started = Date.now();
  let done = 0;
  let failed = 0;
  /** Points' worth of work finished by this process (a continued run counts what it ran). */
  let worked = 0;
  const running = new Map<string, Running>();
  const eta = (): number | undefined => {
    const points = [...running.values()];
    const progressed = worked + points.reduce((s, r) => s + r.fraction - (r.baseline ?? 0), 0);
    if (progressed <= 0) return undefined;
    const queued = Math.max(0, total - done - failed - running.size);
    const left = queued + points.reduce((s, r) => s + 1 - r.fraction, 0);
    return (((Date.now() - started) / 1000) * left) / progressed;
  };
  const progressed = (event: Extract<StudyEvent, { event: "progress" }>) => {
    const r = running.get(event.id);
    if (!r) return undefined;
    r.fraction = fraction(event.phase, event.done, event.total);
    r.baseline ??= r.fraction;
    return r;
  };
  const ended = (id: string, whole: boolean) => {
    const r = running.get(id);
    if (r) worked += (whole ? 1 : r.fraction) - (r.baseline ?? 0);
    running.delete(id);
  };
  const finished = (event: Extract<StudyEvent, { event: "point-done" }>) => {
    done++;
    if (event.reused) running.delete(event.id);
    else ended(event.id, true);
    return event.reused
      ? `done ${event.label} (its record reused, step ${event.step})`
      : `done ${event.label} (${event.training}, step ${event.step}) in ${formatDuration(event.seconds)}`;
  };
  const summary = () =>
    `${done}/${total} done${failed ? `, ${failed} failed` : ""} | ${running.size} running | ${Math.max(0, total - done - failed - running.size)} queued`;

  if (!stream.isTTY) {
    const ticker = setInterval(() => {
      const left = eta();
      stream.write(
        `grid: ${summary()}${left === undefined ? "" : ` | eta ${formatDuration(left)}`}\n`,
      );
    }, 30_000);
    ticker.unref();
    return {
      handle(event) {
        if (event.event === "point-start") {
          running.set(event.id, { label: event.label, fraction: 0 });
          const on = typeof event.worker === "string" ? ` on ${event.worker}` : "";
          stream.write(`start ${event.label} -> ${event.runDir}${on}\n`);
        } else if (event.event === "progress") {
          progressed(event);
        } else if (event.event === "note") {
          stream.write(`  ${event.text}\n`);
        } else if (event.event === "point-done") {
          stream.write(`${finished(event)} [${summary()}]\n`);
        } else if (event.event === "point-failed") {
          ended(event.id, false);
          failed++;
          stream.write(`failed ${event.label} [${summary()}]\n`);
        }
      },
      log: (line) => void stream.write(line + "\n"),
      stop: () => clearInterval(ticker),
    };
  }

  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: "{name} {bar} {value}/{total} | {text}",
      barsize: 20,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      linewrap: false,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const grid = multi.create(total, 0, { name: "grid ", text: summary() });
  const redrawGrid = () => {
    const left = eta();
    grid.update(done + failed, {
      text: `${summary()} | eta ${left === undefined ? "?" : formatDuration(left)}`,
    });
  };
  const ticker = setInterval(redrawGrid, 1000);
  ticker.unref();
  return {
    handle(event) {
      if (event.event === "point-start") {
        const bar = multi.create(1, 0, {
          name: "  -> ",
          text: `${event.label}: starting (worker ${event.worker})`,
        });
        // A queue worker (`host:pid`) stays in the point's line: which machine runs what.
        const label =
          typeof event.worker === "string" ? `${event.label} on ${event.worker}` : event.label;
        running.set(event.id, { label, fraction: 0, bar });
      } else if (event.event === "progress") {
        const r = progressed(event);
        if (!r?.bar) return;
        r.bar.setTotal(Math.max(1, event.total));
        r.bar.update(event.done, {
          text: `${r.label}: ${event.phase}${event.etaSeconds === undefined ? "" : ` eta ${formatDuration(event.etaSeconds)}`}`,
        });
      } else if (event.event === "note") {
        multi.log(`  ${event.text}\n`);
      } else if (event.event === "point-done" || event.event === "point-failed") {
        const bar = running.get(event.id)?.bar;
        if (bar) multi.remove(bar);
        if (event.event === "point-done") {
          multi.log(`${finished(event)}\n`);
        } else {
          ended(event.id, false);
          failed++;
          multi.log(`failed ${event.label}\n`);
        }
      }
      redrawGrid();
    },
    log: (line) => multi.log(line + "\n"),
    stop() {
      clearInterval(ticker);
      redrawGrid();
      multi.stop();
    },
  };
}

function fraction(phase: "train" | "attack", done: number, total: number): number {
  const f = total > 0 ? Math.min(1, done / total) : 0;
  return phase === "train" ? TRAIN_SHARE * f : TRAIN_SHARE + (1 - TRAIN_SHARE) * f;
}
