import { afterEach, describe, expect, it, vi } from "vitest";
import { createProgress, etaEstimator, startStatus } from "./progress.js";

/*
 * Progress on stderr for every long job: plain lines off a terminal (eval and sample learn their
 * total only once the data is loaded), and a status line for phases of unknown length such as
 * starting the threaded wasm backend, silent when the phase is short.
 */

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  let text = "";
  return {
    isTTY,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    text: () => text,
  } as unknown as NodeJS.WriteStream & { text: () => string };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("createProgress in plain mode", () => {
  it("says what it waits for, then counts against the total it learns later", () => {
    const stream = fakeStream(false);
    const progress = createProgress({ total: 1, label: "eval", stream, plainIntervalSeconds: 0 });
    progress.update(0, "loading the checkpoint and the held-out data");
    progress.setTotal(200);
    progress.update(100, "held-out examples", 3);
    progress.update(200, "held-out examples", 0);
    progress.stop();
    expect(stream.text().split("\n")).toEqual([
      "eval 0/1 | loading the checkpoint and the held-out data",
      "eval 100/200 | eta 3s | held-out examples",
      "eval 200/200 | eta 0s | held-out examples",
      "",
    ]);
  });
});

describe("etaEstimator", () => {
  it("extrapolates from the pace since the first report", () => {
    vi.useFakeTimers();
    const eta = etaEstimator();
    expect(eta.after(10, 110)).toBeUndefined();
    vi.advanceTimersByTime(2000);
    expect(eta.after(30, 110)).toBeCloseTo(8);
  });
});

describe("startStatus", () => {
  it("prints nothing for a phase shorter than the delay", () => {
    vi.useFakeTimers();
    const stream = fakeStream(true);
    const status = startStatus("starting the tensor backend", { stream, delaySeconds: 2 });
    vi.advanceTimersByTime(1500);
    status.stop();
    vi.advanceTimersByTime(5000);
    expect(stream.text()).toBe("");
  });

  it("on a terminal, redraws the seconds so far and clears the line when done", () => {
    vi.useFakeTimers();
    const stream = fakeStream(true);
    const status = startStatus("starting the tensor backend", { stream, delaySeconds: 2 });
    vi.advanceTimersByTime(3100);
    expect(stream.text()).toContain("\r\x1b[Kstarting the tensor backend (3s)");
    status.stop();
    expect(stream.text().endsWith("\r\x1b[K")).toBe(true);
  });

  it("off a terminal, prints one plain line", () => {
    vi.useFakeTimers();
    const stream = fakeStream(false);
    const status = startStatus("starting the tensor backend", { stream, delaySeconds: 2 });
    vi.advanceTimersByTime(10_000);
    status.stop();
    expect(stream.text()).toBe("starting the tensor backend...\n");
  });
});
