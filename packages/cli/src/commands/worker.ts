import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import type { Diagnostic } from "@vaec/compiler";
import { ExitCode } from "../exit-code.js";
import { setJsonResult, withJsonOutput } from "../json-output.js";
import { printDiagnostics } from "../render.js";

interface WorkerFlags {
  queue?: string;
  concurrency: string;
  dataRoot: string;
  artifacts: string;
  lockSeconds: string;
  backend?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("worker")
    .summary("run grid points from a Redis queue (`vaec sweep --queue`) on this machine")
    .description(
      "Takes points of grids submitted with `vaec sweep ... --queue URL` off the Redis queue and\n" +
        "runs each (train, attacks) in its own child process; start one on every machine that\n" +
        "should help. A point is run once: its job id is its run hash. If a worker dies, the\n" +
        "points it held go back to the queue when their lock expires (--lock-seconds).\n\n" +
        "Queued specs read data only under --data-root, at the path relative to the spec's\n" +
        "folder on the submitting machine; copy the data there. Run directories (checkpoints,\n" +
        "attack results) stay in --artifacts; the results travel back through Redis.\n\n" +
        "Never expose Redis without a password (or TLS): anyone who can write to the queue can\n" +
        "make the workers train. Put the URL in VAEC_QUEUE rather than on the command line, where\n" +
        "other users of the machine can read it. See docs/distributed.md.\n\n" +
        '--json prints one JSON object per line (NDJSON) on stdout for each event, with an "event"\n' +
        'field: "active" {runHash, label, attempt}, "progress" {runHash, progress}, "completed"\n' +
        '{runHash, label, seconds}, "failed" {runHash, label, diagnostics, reason, willRetry}, "stalled",\n' +
        '"connection" {up}, "error" {message}; then the command\'s JSON document when it stops.\n\n' +
        "Examples:\n" +
        "  VAEC_QUEUE=redis://:PASSWORD@10.0.0.5:6379 vaec worker --concurrency 4\n" +
        "  vaec worker --queue redis://localhost:6379 --data-root ~/data --artifacts ~/vaec-runs",
    )
    .option(
      "--queue <url>",
      "redis://[user:password@]host:port[/db] or rediss:// for TLS (default: $VAEC_QUEUE)",
    )
    .option("--concurrency <n>", "points run at once, each in its own process", "1")
    .option("--data-root <dir>", "the only folder queued specs may read data from", ".")
    .option("--artifacts <dir>", "where run directories (checkpoints, results) are written", "runs")
    .option("--backend <name>", "force a backend in every point's process (tfjs-node, wasm, cpu)")
    .option("--json", "NDJSON events on stdout (see above)")
    .option(
      "--lock-seconds <s>",
      "how long a point stays held without a sign of life before another worker may take it",
      "30",
    )
    .action(async (flags: WorkerFlags) => {
      process.exitCode = await withJsonOutput("worker", flags.json, () => runWorker(flags), {
        oneLine: true,
      });
    });
}

async function runWorker(flags: WorkerFlags): Promise<number> {
  const url = flags.queue ?? process.env.VAEC_QUEUE;
  const concurrency = Number(flags.concurrency);
  const lockSeconds = Number(flags.lockSeconds);
  if (url === undefined || url === "") {
    process.stderr.write("error: give the queue with `--queue URL` or the VAEC_QUEUE variable\n");
    return ExitCode.Usage;
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    process.stderr.write(`error: \`--concurrency\` needs a whole number >= 1\n`);
    return ExitCode.Usage;
  }
  if (!Number.isFinite(lockSeconds) || lockSeconds < 1) {
    process.stderr.write(`error: \`--lock-seconds\` needs a number of seconds >= 1\n`);
    return ExitCode.Usage;
  }
  const dataRoot = path.resolve(flags.dataRoot);
  if (!fs.existsSync(dataRoot) || !fs.statSync(dataRoot).isDirectory()) {
    process.stderr.write(`error: \`--data-root\` \`${flags.dataRoot}\` is not a folder\n`);
    return ExitCode.Usage;
  }
  const artifacts = path.resolve(flags.artifacts);
  // The children read it when they start their backend (they inherit this environment).
  if (flags.backend !== undefined) process.env.VAEC_BACKEND = flags.backend;
  // Loaded here, not at the top: BullMQ and the Redis client are for this command only.
  const { parseQueueUrl, probeRedis, startWorker } = await import("@vaec/runtime/distributed");
  const parsed = parseQueueUrl(url);
  if (!parsed.result) {
    printDiagnostics(parsed.diagnostics);
    return ExitCode.Failure;
  }
  const target = parsed.result;
  const probe = await probeRedis(target);
  printDiagnostics(probe.diagnostics);
  if (!probe.result) return ExitCode.Failure;

  const log = (line: string) =>
    process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  const short = (runHash: string) => runHash.slice(0, 8);
  const phases = new Map<string, string>();
  let done = 0;
  let failed = 0;
  const worker = await startWorker({
    target,
    concurrency,
    dataRoot,
    artifacts,
    lockMs: lockSeconds * 1000,
    // The child processes run as this one does: built, or from TypeScript sources through tsx.
    childExecArgv: [
      ...process.execArgv,
      ...(import.meta.url.endsWith(".ts") ? ["--import", import.meta.resolve("tsx/esm")] : []),
    ],
    onEvent: (event) => {
      if (flags.json) {
        const { kind, ...fields } = event;
        process.stdout.write(JSON.stringify({ event: kind, ...fields }) + "\n");
      }
      if (event.kind === "completed") done++;
      if (event.kind === "failed" && !event.willRetry) failed++;
      switch (event.kind) {
        case "active":
          log(`took ${event.label} (${short(event.runHash)}), attempt ${event.attempt}`);
          break;
        case "progress":
          for (const warning of event.progress.warnings ?? [])
            log(`  ${short(event.runHash)} ${warning}`);
          // One line per phase; the submitter shows the live numbers.
          if (phases.get(event.runHash) !== event.progress.phase) {
            phases.set(event.runHash, event.progress.phase);
            log(`  ${short(event.runHash)} ${event.progress.phase}`);
          }
          break;
        case "completed":
          phases.delete(event.runHash);
          log(`done ${event.label} (${short(event.runHash)}) in ${event.seconds.toFixed(0)} s`);
          break;
        case "failed":
          phases.delete(event.runHash);
          if (event.willRetry) {
            log(
              `failed ${event.label} (${short(event.runHash)}): ${event.reason}; it will be retried after a back-off`,
            );
          } else {
            log(`failed ${event.label} (${short(event.runHash)}):`);
            printDiagnostics(event.diagnostics as Diagnostic[]);
          }
          break;
        case "stalled":
          log(
            `${short(event.runHash)} was held by a worker that stopped answering; back on the queue`,
          );
          break;
        case "error":
          log(`warning: ${event.message}`);
          break;
        case "connection":
          log(
            event.up
              ? `Redis is back`
              : `lost Redis at ${target.display} (${event.reason}); reconnecting`,
          );
          break;
      }
    },
  });
  log(
    `worker ${worker.name} on ${target.display} (Redis ${probe.result.version}): ${concurrency} at a time, ` +
      `data from ${dataRoot}, runs in ${artifacts}; Ctrl-C to stop`,
  );
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        log("stopping now; the queue gives the running points to another worker");
        void worker.close(true).finally(() => process.exit(ExitCode.Failure));
        return;
      }
      stopping = true;
      log(`${signal}: finishing the running points, taking no new ones (again to stop at once)`);
      void worker.close().then(resolve);
    };
    process.on("SIGINT", () => stop("Ctrl-C"));
    process.on("SIGTERM", () => stop("SIGTERM"));
  });
  log("stopped");
  setJsonResult({ worker: worker.name, done, failed });
  return ExitCode.Ok;
}
