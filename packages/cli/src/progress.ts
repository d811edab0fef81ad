import cliProgress from "cli-progress";

/*
 * A progress display any long command can reuse: a cli-progress bar on a terminal, plain
 * timestamped lines otherwise (CI logs, pipes), so logs stay readable and greppable.
 */

export interface ProgressOptions {
  total: number;
  /** Where to start (a resumed run starts part-way). */
  start?: number;
  /** Word before the bar, e.g. "train". */
  label?: string;
  stream?: NodeJS.WriteStream;
  /** Force the plain-line mode (default: when the stream is not a TTY). */
  plain?: boolean;
  /** In plain mode, print at most one line per this many seconds (the last update always prints). */
  plainIntervalSeconds?: number;
}

export interface Progress {
  /** Moves to `value`; `text` is shown after the bar (or on the line in plain mode). */
  update(value: number, text: string, etaSeconds?: number): void;
  /** Changes the total (when it is known only once the work starts). */
  setTotal(total: number): void;
  /** Prints a line above the bar without breaking it. */
  log(line: string): void;
  stop(): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0
    ? `${h}h${String(m).padStart(2, "0")}m`
    : m > 0
      ? `${m}m${String(rest).padStart(2, "0")}s`
      : `${rest}s`;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const label = options.label ?? "";
  const plain = options.plain ?? !stream.isTTY;
  if (plain) {
    const interval = (options.plainIntervalSeconds ?? 5) * 1000;
    let last = 0;
    let total = options.total;
    return {
      update(value, text, eta) {
        const now = Date.now();
        if (value < total && now - last < interval) return;
        last = now;
        const etaText = eta === undefined ? "" : ` | eta ${formatDuration(eta)}`;
        stream.write(`${label} ${value}/${total}${etaText} | ${text}\n`);
      },
      setTotal(value) {
        total = value;
      },
      log(line) {
        stream.write(line + "\n");
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} {bar} {value}/{total} | eta {etaText} | {text}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      linewrap: false,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.total, options.start ?? 0, { text: "", etaText: "?" });
  let lastText = "";
  return {
    update(value, text, eta) {
      bar.update(value, { text, etaText: eta === undefined ? "?" : formatDuration(eta) });
      // cli-progress redraws on a timer, which a synchronous phase (loading data) never lets
      // run: draw a new text at once, so the bar says what it is waiting for.
      if (text !== lastText) bar.render();
      lastText = text;
    },
    setTotal(total) {
      if (total !== bar.getTotal()) bar.setTotal(total);
    },
    log(line) {
      // cli-progress has no log-above; clear the line, print, and let the next redraw restore it.
      stream.write(`\r\x1b[K${line}\n`);
      bar.render?.();
    },
    stop() {
      bar.stop();
    },
  };
}

export interface StatusOptions {
  stream?: NodeJS.WriteStream;
  /** Force the plain-line mode (default: when the stream is not a TTY). */
  plain?: boolean;
  /** Say nothing for phases shorter than this (default 2 s). */
  delaySeconds?: number;
}

/**
 * A phase of unknown length (starting a backend, loading a checkpoint): nothing if it ends within
 * `delaySeconds`; after that a line with the seconds so far, redrawn on a terminal, or one plain
 * line otherwise. Only phases that yield to the event loop can show it.
 */
export function startStatus(text: string, options: StatusOptions = {}): { stop(): void } {
  const stream = options.stream ?? process.stderr;
  const plain = options.plain ?? !stream.isTTY;
  const started = Date.now();
  let ticker: NodeJS.Timeout | undefined;
  let shown = false;
  const draw = () => {
    shown = true;
    stream.write(`\r\x1b[K${text} (${formatDuration((Date.now() - started) / 1000)})`);
  };
  const delay = setTimeout(
    () => {
      if (plain) {
        stream.write(`${text}...\n`);
        return;
      }
      draw();
      ticker = setInterval(draw, 250);
      ticker.unref();
    },
    (options.delaySeconds ?? 2) * 1000,
  );
  delay.unref();
  return {
    stop() {
      clearTimeout(delay);
      if (ticker) clearInterval(ticker);
      if (shown) stream.write("\r\x1b[K");
    },
  };
}

/** Seconds left, from the rate since the first report (which may follow a slow start-up). */
export function etaEstimator(): { after(done: number, total: number): number | undefined } {
  let first: { time: number; done: number } | undefined;
  return {
    after(done, total) {
      const now = Date.now();
      if (!first) {
        first = { time: now, done };
        return undefined;
      }
      const rate = (done - first.done) / ((now - first.time) / 1000);
      return rate > 0 ? (total - done) / rate : undefined;
    },
  };
}
