/*
 * `npm run bench`: the reference workload (docs/design.md section 7) trained by vaec on each fast-path
 * configuration and by PyTorch, a Seatbelt L = 4 spec, the attack workload (batched vs one at a
 * time) and parse+compile time of every example, side by side in one run; the vaec / PyTorch
 * ratio and the attack's speed-up are printed last. Not part of CI. Every
 * workload runs in its own process. Writes bench/results/<date>.json (atomically).
 *   npm run bench                  full run (several minutes on 2 cores)
 *   npm run bench -- --quick       fewer, shorter repetitions
 *   npm run bench -- --skip-slow   leave out the cpu backend and wasm as shipped (seconds per step)
 *   npm run bench -- --only raw,torch,spec,compile,attack,startup
 *   npm run bench -- --attack-reps 3 --attack-rows 10   the attack workload's repetitions and
 *                                  rows timed one at a time (the rest is extrapolated)
 *   npm run bench -- --soak 1000   also 1000 steps watching tensor count and RSS
 * See bench/README.md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadBlasAddon, physicalCores, probeTorch } from "@vaec/runtime";
import { runChild } from "./lib/child.js";
import { RAW_CONFIGS } from "./lib/configurations.js";
import { renderTable, type Row } from "./lib/report.js";
import { summarize, type Summary } from "./lib/stats.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = flag("--quick");
const only = value("--only")?.split(",");
const wants = (part: string) => !only || only.includes(part);
const reps = Number(value("--reps") ?? (quick ? 3 : 5));
const seconds = Number(value("--seconds") ?? (quick ? 2 : 4));

// Workloads run on the TypeScript sources (the @vaec/source export condition), as the tests do.
const tsx = [process.execPath, "--conditions=@vaec/source", "--import", "tsx"];
const rows: Row[] = [];
const raw: Record<string, unknown> = {};
const log = (line: string) => process.stderr.write(`${line}\n`);

interface TrainOutput {
  imagesPerSecond: number[];
  imagesPerCpuSecond?: number[];
  peakRssMiB: number;
  tensorsBefore?: number;
  tensorsAfterWarmup?: number;
  tensorsAfter: number;
  threads?: number;
  fastPath?: unknown;
}

function trainRow(section: string, label: string, out: TrainOutput): Row {
  const before = out.tensorsBefore ?? out.tensorsAfterWarmup;
  const flat = before === out.tensorsAfter ? "flat" : "GROWING";
  return {
    section,
    label,
    status: "ok",
    value: summarize(out.imagesPerSecond),
    cpu: out.imagesPerCpuSecond ? summarize(out.imagesPerCpuSecond) : undefined,
    unit: "img/s",
    peakRssMiB: out.peakRssMiB,
    tensors: before === undefined ? "" : `${out.tensorsAfter} (${flat})`,
  };
}

log(
  `vaec bench: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
log(
  "note: timings are wall-clock; other processes on the machine slow them (see the load average)",
);

if (wants("compile")) {
  log("parse+compile of every example ...");
  const out = await runChild<{
    rows: Array<{ file: string; ms: Summary; coldMs: number; errors: string[] }>;
  }>(tsx[0], [...tsx.slice(1), path.join(here, "workloads/compile-examples.ts"), "20"], {}, 300);
  raw.compile = out;
  if (!out.ok || !out.result) {
    rows.push({
      section: "parse+compile (target < 50 ms each)",
      label: "every example",
      status: "failed",
      note: out.error,
    });
  } else {
    for (const r of out.result.rows) {
      const errors = r.errors.length ? `errors ${r.errors.join(",")}` : "";
      const slow = r.ms.median >= 50 ? " OVER 50 ms" : "";
      rows.push({
        section: "parse+compile (target < 50 ms each)",
        label: r.file,
        status: "ok",
        value: r.ms,
        unit: "ms",
        note: `cold ${r.coldMs.toFixed(0)} ms${slow} ${errors}`.trim(),
      });
    }
  }
}

if (wants("startup")) {
  const section = "start-up of the built vaec (targets: --version, --help < 300 ms; check < 1 s)";
  log("start-up of vaec --version, --help and check ...");
  const out = await runChild<{
    rows: Array<{ label: string; targetMs: number; wallMs: Summary; cpuMs: Summary }>;
  }>(
    tsx[0],
    [...tsx.slice(1), path.join(here, "workloads/startup.ts"), quick ? "5" : "10"],
    {},
    300,
  );
  raw.startup = out;
  if (!out.ok || !out.result) {
    rows.push({ section, label: "vaec", status: "failed", note: out.error });
  } else {
    for (const r of out.result.rows) {
      const over = r.wallMs.median >= r.targetMs ? " OVER target" : "";
      rows.push({
        section,
        label: r.label,
        status: "ok",
        value: r.wallMs,
        unit: "ms",
        note: `CPU ${r.cpuMs.median.toFixed(0)} ms (user + sys)${over}`,
      });
    }
  }
}

const blas = loadBlasAddon();
const rawSection = "reference workload, raw tfjs network (4096-1200-1200-2x10, batch 128)";
/** Cores each vaec row computes on, by label: it is compared with PyTorch on as many. */
const rowThreads = new Map<string, number>();
const cores = physicalCores();
if (wants("raw")) {
  for (const config of RAW_CONFIGS) {
    rowThreads.set(config.label, config.threads);
    if (config.needsBlas && blas.kind !== "loaded") {
      rows.push({ section: rawSection, label: config.label, status: "skipped", note: blas.reason });
      continue;
    }
    if (config.slow && flag("--skip-slow")) {
      rows.push({
        section: rawSection,
        label: config.label,
        status: "skipped",
        note: "--skip-slow",
      });
      continue;
    }
    log(`raw tfjs: ${config.label} ...`);
    const opts = config.slow
      ? { warmup: 1, reps: quick ? 2 : 3, seconds: 0 }
      : { warmup: 2, reps, seconds };
    const out = await runChild<TrainOutput>(
      tsx[0],
      [...tsx.slice(1), path.join(here, "workloads/train-raw.ts"), JSON.stringify(opts)],
      config.env,
      600,
    );
    raw[`raw:${config.id}`] = out;
    // No GPU adapter (VAE539) is the machine's state, not a failure of the row.
    const noGpu = config.needsGpu && !out.ok && /VAE539/.test(out.error ?? "");
    rows.push(
      out.ok && out.result
        ? trainRow(rawSection, config.label, out.result)
        : {
            section: rawSection,
            label: config.label,
            status: noGpu ? "skipped" : "failed",
            note: noGpu ? "no GPU adapter (`vaec doctor` says why)" : out.error,
          },
    );
  }
}

const specSection = "vaec specs through the full pipeline (default backend and fast path)";
if (wants("spec")) {
  for (const spec of ["reference.vae", "seatbelt-l4.vae"]) {
    log(`spec: ${spec} ...`);
    const opts = { warmup: 2, reps, stepsPerRep: quick ? 3 : 5 };
    const out = await runChild<TrainOutput & { batch: number }>(
      tsx[0],
      [
        ...tsx.slice(1),
        path.join(here, "workloads/train-spec.ts"),
        path.join("bench/specs", spec),
        JSON.stringify(opts),
      ],
      {},
      900,
    );
    raw[`spec:${spec}`] = out;
    // The spec pipeline runs the default configuration: OpenBLAS on the physical cores if built.
    if (out.result) rowThreads.set(`bench/specs/${spec} (batch ${out.result.batch})`, cores);
    rows.push(
      out.ok && out.result
        ? trainRow(specSection, `bench/specs/${spec} (batch ${out.result.batch})`, out.result)
        : { section: specSection, label: `bench/specs/${spec}`, status: "failed", note: out.error },
    );
  }
}

const torchSection = "PyTorch, the same reference network";
/** The PyTorch row each vaec row is compared with, by thread count: the fastest run on that many. */
const torchRows = new Map<number, Row>();
if (wants("torch")) {
  const torch = await probeTorch();
  raw.torchProbe = torch;
  if (!torch.present || !torch.python) {
    rows.push({
      section: torchSection,
      label: "python3 torch",
      status: "skipped",
      note: `${torch.reason}; install with \`apt-get install python3-torch libopenblas0-pthread\``,
    });
  } else {
    // "N threads" pins both of PyTorch's pools (intra-op and OpenBLAS's; OpenBLAS otherwise takes
    // every physical core whatever torch.set_num_threads says). On more than one core it is also
    // run with one intra-op thread, as the two pools compete for the cores; the faster counts.
    const asked = value("--torch-threads");
    const counts = asked ? [Number(asked)] : [...new Set([1, cores])];
    const runs = counts.flatMap((threads) =>
      threads > 1 ? [{ threads }, { threads, intraThreads: 1 }] : [{ threads }],
    );
    for (const run of runs) {
      const opts = { warmup: 2, reps, seconds, ...run };
      const pools = `${run.threads} thread${run.threads === 1 ? "" : "s"}${
        run.intraThreads ? `, intra-op ${run.intraThreads}` : ""
      }`;
      log(`torch ${torch.version} (${pools}) ...`);
      const n = String(run.threads);
      const out = await runChild<
        TrainOutput & { threads: number; torch: string; cpuSecondsPerSecond?: number[] }
      >(
        torch.python,
        [path.join(here, "torch/train_ref.py"), JSON.stringify(opts)],
        { OPENBLAS_NUM_THREADS: n, OMP_NUM_THREADS: n, MKL_NUM_THREADS: n },
        600,
      );
      raw[`torch:${pools}`] = out;
      if (!out.ok || !out.result) {
        rows.push({
          section: torchSection,
          label: `torch, ${pools}`,
          status: "failed",
          note: out.error,
        });
        continue;
      }
      const used = out.result.cpuSecondsPerSecond;
      const row: Row = {
        ...trainRow(torchSection, `torch ${out.result.torch}, ${pools}`, out.result),
        tensors: "",
        note: used ? `${summarize(used).median.toFixed(2)} CPU-s/s` : undefined,
      };
      rows.push(row);
      const best = torchRows.get(run.threads);
      if (!best || (row.value?.median ?? 0) > (best.value?.median ?? 0))
        torchRows.set(run.threads, row);
    }
  }
}

const soak = Number(value("--soak") ?? 0);
if (soak > 0) {
  log(`memory: ${soak} steps of the default configuration ...`);
  type Soak = {
    tensorsBefore: number;
    samples: Array<{ step: number; tensors: number; rssMiB: number }>;
  };
  const out = await runChild<Soak>(
    tsx[0],
    [...tsx.slice(1), path.join(here, "workloads/train-raw.ts"), JSON.stringify({ soak })],
    {},
    3600,
  );
  raw.soak = out;
  const section = `memory over ${soak} steps (raw tfjs, default configuration)`;
  if (out.ok && out.result) {
    const { samples, tensorsBefore } = out.result;
    const first = samples[0];
    const last = samples[samples.length - 1];
    const flat = samples.every((x) => x.tensors === tensorsBefore);
    rows.push({
      section,
      label: `tensors ${tensorsBefore} -> ${last.tensors}, RSS ${first.rssMiB} -> ${last.rssMiB} MiB`,
      status: "ok",
      value: summarize(samples.map((x) => x.rssMiB)),
      unit: "MiB",
      tensors: flat ? "flat" : "GROWING",
      note: samples.map((x) => `${x.step}:${x.rssMiB}`).join(" "),
    });
  } else {
    rows.push({ section, label: "soak", status: "failed", note: out.error });
  }
}

interface AttackOutput {
  model: string;
  kind: string;
  rows: number;
  rounds: number;
  batchedSeconds: number[];
  batchedSecondsMedian: number;
  sampledRows: number[];
  oneAtATimeSeconds: number[];
  oneAtATimeExtrapolatedSeconds: number;
  oneAtATimeExtrapolatedByEvaluations: number;
  speedup: number;
  /** The same ratio in process CPU seconds (steadier on a shared machine). */
  speedupCpu?: number;
  tensorsBefore: number;
  tensorsAfter: number;
  peakRssMiB: number;
}
let attackSpeedup: Record<string, unknown> | undefined;
if (wants("attack")) {
  const section =
    "attack workload: examples/seatbelt.vae, 10 pairs x 51 lambdas x 50 L-BFGS-B steps (seconds)";
  const opts = {
    reps: Number(value("--attack-reps") ?? (quick ? 1 : 3)),
    sampleRows: Number(value("--attack-rows") ?? 10),
  };
  log(`attack: batched (${opts.reps} reps) and ${opts.sampleRows} rows one at a time ...`);
  const out = await runChild<AttackOutput>(
    tsx[0],
    [...tsx.slice(1), path.join(here, "workloads/attack.ts"), JSON.stringify(opts)],
    {},
    1800,
  );
  raw.attack = out;
  const a = out.result;
  if (!out.ok || !a) {
    rows.push({ section, label: "batched vs one at a time", status: "failed", note: out.error });
  } else {
    const flat = a.tensorsBefore === a.tensorsAfter ? "flat" : "GROWING";
    const perRow = summarize(a.oneAtATimeSeconds);
    rows.push(
      {
        section,
        label: `batched: ${a.rows} rows as one problem`,
        status: "ok",
        value: summarize(a.batchedSeconds),
        unit: "s",
        peakRssMiB: a.peakRssMiB,
        tensors: `${a.tensorsAfter} (${flat})`,
        note: `${a.kind} attack, ${a.rounds} rounds; ${a.model}`,
      },
      {
        section,
        label: `one at a time: per row (${a.oneAtATimeSeconds.length} rows, measured)`,
        status: "ok",
        value: perRow,
        unit: "s",
        note: `rows ${a.sampledRows.join(",")} (seeded random)`,
      },
      {
        section,
        label: `one at a time: ${a.rows} rows, EXTRAPOLATED`,
        status: "ok",
        value: summarize([a.oneAtATimeExtrapolatedSeconds]),
        unit: "s",
        note: `mean per row x ${a.rows}; by evaluations ${a.oneAtATimeExtrapolatedByEvaluations.toFixed(0)} s`,
      },
    );
    attackSpeedup = {
      speedup: a.speedup,
      batchedSecondsMedian: a.batchedSecondsMedian,
      oneAtATimeExtrapolatedSeconds: a.oneAtATimeExtrapolatedSeconds,
      oneAtATimeSecondsPerRowMedian: perRow.median,
      speedupByEvaluations: a.oneAtATimeExtrapolatedByEvaluations / a.batchedSecondsMedian,
      speedupCpu: a.speedupCpu,
      extrapolated: true,
      sampledRows: a.sampledRows,
      model: a.model,
      target: 10,
    };
  }
}

process.stdout.write(renderTable(rows) + "\n\n");

// The ratios come last: vaec images/s over PyTorch's in this same run, by wall-clock and by CPU
// time, each vaec row against PyTorch on as many threads (like with like), and against the other.
const ratios: Record<string, { wall: number; cpu?: number; torchThreads: number }> = {};
const x2 = (v: number | undefined) => (v === undefined ? "" : `${v.toFixed(2)}x`);
if (torchRows.size > 0) {
  const against = (r: Row, t: Row) => ({
    wall: (r.value?.median ?? 0) / (t.value?.median ?? 1),
    cpu: r.cpu && t.cpu ? r.cpu.median / t.cpu.median : undefined,
  });
  const counts = [...torchRows.keys()].sort((a, b) => a - b);
  process.stdout.write(
    `vaec / PyTorch on the reference workload, same run (target >= 1.0x, >= 1.5x with BLAS)\n` +
      `  PyTorch runs: ${counts.map((n) => `${n} thread(s) = ${torchRows.get(n)?.label}`).join("; ")}\n` +
      `  ${"like with like".padStart(17)}  ${counts.map((n) => `vs ${n} thread(s)`.padStart(17)).join("  ")}\n` +
      `  ${"wall  per CPU-s".padStart(17)}  ${counts.map(() => "wall  per CPU-s".padStart(17)).join("  ")}\n`,
  );
  for (const r of rows) {
    const comparable = r.section === rawSection || r.label.startsWith("bench/specs/reference");
    if (r.status !== "ok" || r.unit !== "img/s" || !comparable || !r.value) continue;
    const threads = rowThreads.get(r.label) ?? 1;
    const like = torchRows.get(threads);
    const each = counts.map((n) => against(r, torchRows.get(n) as Row));
    if (like) ratios[r.label] = { ...against(r, like), torchThreads: threads };
    const cell = (v?: { wall: number; cpu?: number }) =>
      v ? `${x2(v.wall).padStart(6)} ${x2(v.cpu).padStart(9)}`.padStart(17) : "".padStart(17);
    process.stdout.write(
      `  ${cell(like ? against(r, like) : undefined)}  ${each.map(cell).join("  ")}  ${r.label} (${threads} thread${threads === 1 ? "" : "s"})\n`,
    );
  }
} else {
  process.stdout.write("vaec / PyTorch: no ratio, PyTorch was not measured in this run\n");
}
if (attackSpeedup) {
  const x = (v: unknown) => `${(v as number).toFixed(1)}x`;
  process.stdout.write(
    `attack workload, batched / one at a time (one at a time EXTRAPOLATED from ` +
      `${(attackSpeedup.sampledRows as number[]).length} rows; target >= 10x)\n` +
      `  ${x(attackSpeedup.speedup).padStart(6)}  mean per row x rows` +
      ` (${x(attackSpeedup.speedupByEvaluations)} by evaluations` +
      (attackSpeedup.speedupCpu ? `, ${x(attackSpeedup.speedupCpu)} in CPU seconds` : "") +
      `)\n`,
  );
}

const stamp = new Date()
  .toISOString()
  .replace(/:/g, "-")
  .replace(/\.\d+Z$/, "Z");
const resultsDir = path.join(root, "bench/results");
fs.mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `${stamp}.json`);
const payload = {
  date: new Date().toISOString(),
  machine: {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    node: process.version,
    loadAverage: os.loadavg(),
  },
  options: { quick, reps, seconds, only },
  rows,
  ratios,
  attackSpeedup,
  raw,
};
fs.writeFileSync(`${file}.tmp`, JSON.stringify(payload, null, 2));
fs.renameSync(`${file}.tmp`, file);
process.stdout.write(`\nwrote ${path.relative(process.cwd(), file)}\n`);
