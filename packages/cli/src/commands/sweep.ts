import path from "node:path";
import type { Command } from "commander";
import { gridFileName, type Diagnostic } from "@vaec/compiler";
import {
  describePointState,
  expandGrid,
  pairedComparisons,
  pointState,
  readPointRecord,
  runPointPool,
  studyCells,
  writeStudyReport,
  type PointRecord,
  type StudyEvent,
  type StudyPoint,
} from "@vaec/runtime";
import { parseAttackFlags, withAttackFlags } from "../attack-steps.js";
import { ExitCode } from "../exit-code.js";
import { readSpec } from "../read-spec.js";
import { plural, printDiagnostics } from "../render.js";
import { collect, parseSets } from "../set-flags.js";
import { setJsonResult, withJsonOutput } from "../json-output.js";
import { createStudyProgress } from "../study-progress.js";
import {
  openQueueTarget,
  printQueueStatus,
  QUEUE_STOP_NOTE,
  queuePool,
  stoppedNote,
} from "../queue-sweep.js";

interface SweepFlags {
  grid: string[];
  set: string[];
  steps?: string;
  seeds?: string;
  kinds?: string;
  pairs?: string;
  jobs: string;
  resume?: boolean;
  dryRun?: boolean;
  reportOnly?: boolean;
  json?: boolean;
  maxPoints?: string;
  backend?: string;
  queue?: string;
  status?: boolean;
  out: string;
  report: string;
}

const EVENTS_HELP = `
--json prints one JSON object per line (NDJSON) on stdout, each with an "event" field:
  study-start   {points, done, todo, jobs}
  point-start   {id, label, runDir, worker}
  progress      {id, phase: "train"|"attack", done, total, etaSeconds?}
  note          {id, text}                      (a run reused or resumed)
  point-done    {id, label, runDir, reused, training, step, seconds, record}
  point-failed  {id, label, runDir, diagnostics: [{code, severity, message, help, ...}]}
  summary       {points, done, failed, reused, seconds, report}
With --dry-run, one {event: "point", id, label, runDir, state, step?, totalSteps?} per point.
The last line is the command's document {ok, command, result, diagnostics} (docs/cli-json.md).`;

export function register(program: Command): void {
  program
    .command("sweep")
    .summary("run a study: every point of the specs' grids trained, attacked and compared with CIs")
    .description(
      "A study is the Cartesian grid of each spec's `sweep` line (e.g. `sweep beta in [1, 2, 4, 8],\n" +
        "train.seed in [1, 2, 3]`) plus --grid axes for every spec. Each point trains its model (a run\n" +
        "that finished at exactly its settings is reused), runs the attacks and writes a record to\n" +
        "<report>/points/<run id>.json; a point whose record exists is not run again, even where its\n" +
        "run folder is gone. The report folder gets sweep.csv (every pair's row), cells.csv (mean and\n" +
        "95% bootstrap CI per model, axis values and metric), paired.csv (model A minus B at matched\n" +
        "values and seeds), held-out-curves-<data>.svg and report.html. Points run in --jobs child\n" +
        "processes; a study killed half-way continues with --resume and computes nothing twice.\n" +
        "docs/study.md explains it all.\n\n" +
        "Examples:\n" +
        "  vaec sweep examples/seatbelt.vae examples/beta-tcvae.vae --jobs 2\n" +
        '  vaec sweep examples/study/sprites/*.vae --grid "seed in [1, 2, 3]" --pairs 10\n' +
        "  vaec sweep examples/seatbelt.vae --dry-run      # the points, run ids and what is done\n" +
        "  vaec sweep examples/seatbelt.vae --resume       # continue after an interruption",
    )
    .argument("<files...>", "the .vae specs")
    .option(
      "--grid <axes>",
      'axes for every spec, as after `sweep`: "seed in [1, 2, 3]"; repeatable',
      collect,
      [],
    )
    .option(
      "--set <key=value>",
      "override a param or setting for every point; repeatable",
      collect,
      [],
    )
    .option("--steps <n>", "training steps for every point (same as --set train.steps=N)")
    .option("--seeds <list>", 'seeds, e.g. 1,2,3 (same as --grid "train.seed in [1, 2, 3]")')
    .option("--kinds <list>", "attack kinds, comma-separated (default: each spec's)")
    .option("--pairs <n>", "attack pairs per point (default: each spec's)")
    .option("--jobs <n>", "points run at once, each in its own process", "1")
    .option("--resume", "continue unfinished runs from their last checkpoint")
    .option("--dry-run", "list the points with their run ids and state; train nothing")
    .option(
      "--report-only",
      "write the tables and report.html from the records already in --report; run nothing (a study finished on several machines, or stopped part-way)",
    )
    .option("--json", "NDJSON events on stdout (see below)")
    .option("--max-points <n>", "the most points a study may have", "2000")
    .option("--backend <name>", "force a backend in every point's process (tfjs-node, wasm, cpu)")
    .option(
      "--queue <url>",
      "run the points on `vaec worker`s through Redis, redis://[user:password@]host:port[/db] (docs/distributed.md)",
    )
    .option("--status", "with --queue: where each point stands on the queue; runs nothing")
    .option("--out <dir>", "parent folder of run directories", "runs")
    .option("--report <dir>", "the study folder: records, tables and report.html", "runs/sweep")
    .addHelpText("after", EVENTS_HELP)
    .action(async (files: string[], flags: SweepFlags) => {
      // NDJSON events, then the command's JSON document as the last line (docs/cli-json.md).
      process.exitCode = await withJsonOutput("sweep", flags.json, () => runSweep(files, flags), {
        oneLine: true,
      });
    });
}

function usage(message: string): number {
  process.stderr.write(`error: ${message}\n`);
  return ExitCode.Usage;
}

async function runSweep(files: string[], flags: SweepFlags): Promise<number> {
  const set = parseSets(flags.set);
  if (!set) return usage("`--set` takes key=value, e.g. `--set train.steps=200`");
  const jobs = Number(flags.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) return usage("`--jobs` takes a whole number >= 1");
  const maxPoints = Number(flags.maxPoints);
  if (!Number.isInteger(maxPoints) || maxPoints < 1)
    return usage("`--max-points` takes a whole number >= 1");
  if (flags.pairs?.includes(":"))
    return usage("`--pairs` in a sweep takes a count, not explicit pairs");
  const attackFlags = parseAttackFlags(flags);
  if ("error" in attackFlags) return usage(attackFlags.error);
  if (flags.steps !== undefined) {
    if (!/^[1-9][0-9]*$/.test(flags.steps))
      return usage(`\`--steps\` takes a whole number >= 1, got \`${flags.steps}\``);
    set["train.steps"] = flags.steps;
  }
  const grid = [...flags.grid];
  if (flags.seeds !== undefined) {
    if (!/^\d+(,\d+)*$/.test(flags.seeds))
      return usage(`\`--seeds\` takes whole numbers separated by commas, got \`${flags.seeds}\``);
    grid.push(`train.seed in [${flags.seeds.split(",").join(", ")}]`);
  }

  const sources = new Map(grid.map((g) => [gridFileName(g), `sweep ${g}`]));
  const specs: Array<{ file: string; text: string }> = [];
  const unreadable: Diagnostic[] = [];
  for (const file of files) {
    const read = await readSpec(file);
    if ("diagnostic" in read) unreadable.push(read.diagnostic);
    else {
      specs.push({ file, text: read.text });
      sources.set(file, read.text);
    }
  }
  printDiagnostics(unreadable);
  if (unreadable.length > 0) return ExitCode.Failure;

  const expanded = expandGrid(specs, {
    set,
    grid,
    out: flags.out,
    maxPoints,
    attack: (settings) => withAttackFlags(settings, attackFlags),
  });
  printDiagnostics(expanded.diagnostics, sources);
  if (expanded.diagnostics.some((d) => d.severity === "error")) return ExitCode.Failure;
  const { points, axes } = expanded;
  const emit = (event: object) => process.stdout.write(JSON.stringify(event) + "\n");

  if (flags.dryRun) return dryRun(points, axes, flags, emit);
  if (flags.status && flags.queue === undefined) return usage("`--status` needs `--queue URL`");
  const queue = flags.queue === undefined ? null : await openQueueTarget(flags.queue);
  if (flags.queue !== undefined && !queue) return ExitCode.Failure;
  if (queue && flags.status)
    return printQueueStatus(points, queue, flags.report, Boolean(flags.json));

  const done: PointRecord[] = [];
  const todo: StudyPoint[] = [];
  for (const point of points) {
    const known = readPointRecord(flags.report, point.id, point.attackDigest);
    printDiagnostics(known.diagnostics);
    if (known.record) done.push(known.record);
    else todo.push(point);
  }
  const started = performance.now();
  // Nothing is run: the grid's points without a record are left for a later run.
  if (flags.reportOnly) todo.length = 0;
  if (flags.json)
    emit({
      event: "study-start",
      points: points.length,
      done: done.length,
      todo: todo.length,
      jobs,
    });
  else
    process.stderr.write(
      `study: ${plural(points.length, "point")} over ${axes.join(" x ")}; ${done.length} done, ${flags.reportOnly ? "report only, nothing run" : `${todo.length} to run, ${queue ? `on ${queue.display}` : `${jobs} at a time`}`} -> ${flags.report}\n`,
    );

  const progress = flags.json || flags.reportOnly ? null : createStudyProgress(points.length);
  if (progress) for (const r of done) progress.handle(doneEvent(r, flags.report));
  const onEvent = (event: StudyEvent) => {
    if (flags.json) emit(event);
    else progress?.handle(event);
  };
  const pool = queue
    ? await queuePool(todo, queue, flags.report, {
        onEvent,
        log: (line) => (progress ? progress.log(line) : process.stderr.write(`${line}\n`)),
      })
    : runPointPool(todo, {
        jobs,
        studyDir: flags.report,
        backend: flags.backend,
        resume: flags.resume,
        execArgv: childExecArgv(),
        onEvent,
      });
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      progress?.log(
        queue
          ? `stopped following the grid: ${QUEUE_STOP_NOTE}`
          : "stopping: each running point saves a checkpoint (Ctrl-C again to kill them)",
      );
      pool.stop();
    } else pool.kill();
  };
  process.on("SIGINT", onSigint);
  const result = await pool.done.finally(() => process.off("SIGINT", onSigint));
  progress?.stop();
  for (const f of result.failed) {
    if (!flags.json) process.stderr.write(`${f.point.label} failed:\n`);
    printDiagnostics(f.diagnostics, sources);
  }

  const records = [...done, ...result.records];
  const report = await writeStudyReport(flags.report, {
    axes,
    specs: specs.map((s) => s.file),
    records,
    cells: studyCells(records),
    comparisons: pairedComparisons(
      records,
      specs.map((s) => s.file),
    ),
    failed: result.failed.map((f) => ({
      label: f.point.label,
      runDir: f.point.runDir,
      diagnostics: f.diagnostics,
    })),
    points: points.length,
  });
  const summary = {
    event: "summary",
    points: points.length,
    done: records.length,
    failed: result.failed.length,
    reused: done.length,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    report,
  };
  const { event: _event, ...outcome } = summary;
  setJsonResult(outcome);
  if (flags.json) emit(summary);
  else
    process.stdout.write(
      `${records.length} of ${points.length} points done` +
        `${result.failed.length ? `, ${result.failed.length} failed` : ""}` +
        `${result.stopped ? (queue ? stoppedNote(result) : " (stopped; run again with --resume to continue)") : ""}\nreport: ${report}\n`,
    );
  return records.length < points.length && !flags.reportOnly ? ExitCode.Failure : ExitCode.Ok;
}

/**
 * Node flags for the pool's children: this process's own (e.g. `--conditions`), and tsx's loader
 * when vaec runs from its TypeScript sources (the children load point-process.ts) and the
 * environment does not already load it (NODE_OPTIONS, inherited by the children).
 */
function childExecArgv(): string[] {
  const fromSource = import.meta.url.endsWith(".ts") && !process.env.NODE_OPTIONS?.includes("tsx");
  return [...process.execArgv, ...(fromSource ? ["--import", import.meta.resolve("tsx/esm")] : [])];
}

function doneEvent(r: PointRecord, studyDir: string): StudyEvent {
  return {
    event: "point-done",
    id: r.id,
    label: [r.model, ...Object.entries(r.axes).map(([k, v]) => `${k}=${v}`)].join(" "),
    runDir: r.runDir,
    reused: true,
    training: r.training,
    step: r.step,
    seconds: 0,
    record: path.join(studyDir, "points", `${r.id}.json`),
  };
}

function dryRun(
  points: readonly StudyPoint[],
  axes: readonly string[],
  flags: SweepFlags,
  emit: (event: object) => void,
): number {
  const rows = points.map((point) => ({ point, state: pointState(point, flags.report) }));
  const counts = new Map<string, number>();
  for (const { state } of rows) counts.set(state.kind, (counts.get(state.kind) ?? 0) + 1);
  setJsonResult({ points: points.length, axes, states: Object.fromEntries(counts) });
  if (flags.json) {
    for (const { point, state } of rows) {
      emit({
        event: "point",
        id: point.id,
        label: point.label,
        runDir: point.runDir,
        state: state.kind,
        ...("step" in state && { step: state.step }),
        ...("totalSteps" in state && { totalSteps: state.totalSteps }),
      });
    }
    return ExitCode.Ok;
  }
  const width = Math.max(...rows.map((r) => path.basename(r.point.runDir).length), 3);
  process.stdout.write(
    `${plural(points.length, "point")} over ${axes.join(" x ")} (runs in ${flags.out}, records in ${flags.report}):\n`,
  );
  for (const { point, state } of rows) {
    process.stdout.write(
      `  ${path.basename(point.runDir).padEnd(width)}  ${point.label.padEnd(40)}  ${describePointState(state)}\n`,
    );
  }
  process.stdout.write(
    [...counts].map(([kind, n]) => `${n} ${kind === "todo" ? "to do" : kind}`).join(", ") + "\n",
  );
  return ExitCode.Ok;
}
