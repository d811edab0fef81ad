import { afterEach, describe, expect, it, vi } from "vitest";
import { createStudyProgress } from "./study-progress.js";

/** A non-terminal stream: the display prints lines, and a status line every 30 seconds. */
function capture() {
  const lines: string[] = [];
  const write = (text: string) => lines.push(...text.split("\n").filter(Boolean)) > 0;
  return { stream: { isTTY: false, write } as unknown as NodeJS.WriteStream, lines };
}

const done = (id: string, reused: boolean) =>
  ({
    event: "point-done",
    id,
    label: `P${id}`,
    runDir: `runs/P-${id}`,
    reused,
    training: "trained",
    step: 100,
    seconds: reused ? 0 : 30,
    record: `study/points/${id}.json`,
  }) as const;

afterEach(() => vi.useRealTimers());

describe("the study's progress lines", () => {
  it("times the points that run, not the records a resumed study reuses", async () => {
    vi.useFakeTimers();
    const { stream, lines } = capture();
    const progress = createStudyProgress(4, stream);
    progress.handle(done("1", true));
    progress.handle(done("2", true));
    progress.handle({ event: "point-start", id: "3", label: "P3", runDir: "runs/P-3", worker: 1 });
    progress.handle({ event: "progress", id: "3", phase: "train", done: 0, total: 100 });
    // Half of training: 30% of the point (training is counted as its first 60%).
    progress.handle({ event: "progress", id: "3", phase: "train", done: 50, total: 100 });
    await vi.advanceTimersByTimeAsync(30_000);
    progress.stop();
    expect(lines[0]).toBe(
      "done P1 (its record reused, step 100) [1/4 done | 0 running | 3 queued]",
    );
    // 0.3 of the 2 points to run took 30 s: 1.7 points are left, 170 s.
    expect(lines).toContain("grid: 2/4 done | 1 running | 1 queued | eta 2m50s");
  });

  it("times a run continued from its checkpoint by the steps it runs now", async () => {
    vi.useFakeTimers();
    const { stream, lines } = capture();
    const progress = createStudyProgress(2, stream);
    progress.handle({ event: "point-start", id: "1", label: "P1", runDir: "runs/P-1", worker: 1 });
    // Continued at step 50 of 100: its first report is its baseline, 30% of the point.
    progress.handle({ event: "progress", id: "1", phase: "train", done: 50, total: 100 });
    progress.handle({ event: "progress", id: "1", phase: "train", done: 75, total: 100 });
    await vi.advanceTimersByTimeAsync(30_000);
    progress.stop();
    // 0.15 of a point in 30 s; left are 0.55 of this one and the queued one, 1.55 points: 310 s.
    expect(lines).toContain("grid: 0/2 done | 1 running | 1 queued | eta 5m10s");
  });

  it("says how long a point that ran took", () => {
    const { stream, lines } = capture();
    const progress = createStudyProgress(1, stream);
    progress.handle(done("1", false));
    progress.stop();
    expect(lines[0]).toBe("done P1 (trained, step 100) in 30s [1/1 done | 0 running | 0 queued]");
  });
});
