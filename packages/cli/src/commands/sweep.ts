import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import type { AttackSettings, ModelIR } from "@vaec/compiler";
import {
  readAttackResults,
  trainedRunState,
  writeSweepReport,
  type SweepPoint,
} from "@vaec/runtime";
import { ExitCode } from "../exit-code.js";
import { compileSpec, parseAttackFlags, withAttackFlags } from "../attack-steps.js";
import { parseSets } from "./train.js";

interface SweepFlags {
  jobs: string;
  kinds?: string;
  pairs?: string;
  steps?: string;
  seeds?: string;
  set: string[];
  out: string;
  report: string;
}

export function register(program: Command): void {
  program
    .command("sweep")
    .summary("train and attack every value of each spec's `sweep`, with plots against it")
    .description(
      "For each spec and each value of its `sweep` (e.g. `sweep beta in [1, 2, 4, 8]`), train the\n" +
        "model (finished runs are reused), run the attacks (skipped when the run already holds\n" +
        "results with the same attack settings) and read the held-out ELBO at beta = 1. Writes\n" +
        "sweep.json, sweep.csv and report.html (each attack's Delta, ||d|| and log p(x_t|z*) against\n" +
        "the swept variable, one line per model; ELBO against it) into --report. A spec with no sweep\n" +
        "contributes its own value of the variable. --jobs runs points in parallel processes; --seeds repeats every point per seed\n" +
        "(averaged in the plots). Several specs compare models (e.g. L = 2 against L = 4).\n\n" +
        "Examples:\n" +
        "  vaec sweep examples/seatbelt.vae examples/beta-tcvae.vae --jobs 2\n" +
        "  vaec sweep examples/seatbelt.vae --steps 300 --pairs 4 --kinds kl,output",
    )
    .argument("<files...>", "the .vae specs")
    .option("--jobs <n>", "points run at once, each in its own process", "1")
    .option("--kinds <list>", "attack kinds, comma-separated (default: the spec's)")
    .option("--pairs <n>", "how many random pairs per attack")
    .option("--steps <n>", "training steps (same as --set train.steps=N)")
    .option("--seeds <list>", "train every point once per seed, e.g. 1,2,3 (plots show the mean)")
    .option(
      "--set <key=value>",
      "override a param or setting for every spec; repeatable",
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option("--out <dir>", "parent folder of run directories", "runs")
    .option("--report <dir>", "where sweep.json, sweep.csv and report.html go", "runs/sweep")
    .action(async (files: string[], flags: SweepFlags) => {
      process.exitCode = await runSweep(files, flags);
    });
}

interface Job {
  ir: ModelIR;
  point: SweepPoint;
  file: string;
  set: Record<string, string>;
  settings: AttackSettings;
}

function sameAttack(a: AttackSettings, b: AttackSettings): boolean {
  const pick = (s: AttackSettings) =>
    JSON.stringify([s.kinds, s.pairs, s.lambdas, s.optimizer, s.path, s.samples, s.seed, s.layers]);
  return pick(a) === pick(b);
}

async function runSweep(files: string[], flags: SweepFlags): Promise<number> {
  const set = parseSets(flags.set);
  const jobs = Number(flags.jobs);
  if (!set || !Number.isInteger(jobs) || jobs < 1) {
    process.stderr.write("error: `--set` takes key=value and `--jobs` a whole number >= 1\n");
    return ExitCode.Usage;
  }
  if (flags.pairs !== undefined && flags.pairs.includes(":")) {
    process.stderr.write("error: `--pairs` in a sweep takes a count, not explicit pairs\n");
    return ExitCode.Usage;
  }
  const values = parseAttackFlags(flags);
  if ("error" in values) {
    process.stderr.write(`error: ${values.error}\n`);
    return ExitCode.Usage;
  }
  if (flags.steps !== undefined) {
    if (!/^[1-9][0-9]*$/.test(flags.steps)) {
      process.stderr.write(
        `error: \`--steps\` needs a whole number >= 1, got \`${flags.steps}\`\n`,
      );
      return ExitCode.Usage;
    }
    set["train.steps"] = flags.steps;
  }

  let seeds: number[] | undefined;
  if (flags.seeds !== undefined) {
    if (!/^\d+(,\d+)*$/.test(flags.seeds)) {
      process.stderr.write(
        `error: \`--seeds\` takes whole numbers separated by commas, got \`${flags.seeds}\`\n`,
      );
      return ExitCode.Usage;
    }
    seeds = [...new Set(flags.seeds.split(",").map(Number))];
  }

  const compiled: Array<{ file: string; ir: ModelIR }> = [];
  for (const file of files) {
    const c = compileSpec(file, set);
    if (!c) return ExitCode.Failure;
    compiled.push({ file, ir: c.ir });
  }
  const variable = compiled.flatMap((c) => c.ir.sweeps.map((s) => s.variable))[0];
  if (variable === undefined) {
    process.stderr.write(
      "error: none of the specs has a `sweep`\nhelp: add e.g. `sweep beta in [1, 2, 4, 8]` to a spec\n",
    );
    return ExitCode.Failure;
  }

  const all: Job[] = [];
  const seen = new Set<string>();
  for (const { file, ir } of compiled) {
    const sweep = ir.sweeps.find((s) => s.variable === variable);
    const own = ir.params[variable];
    const points = sweep ? sweep.values : own !== undefined ? [own] : [];
    if (points.length === 0) {
      process.stderr.write(`warning: \`${file}\` has no param \`${variable}\`; left out\n`);
      continue;
    }
    for (const [value, seed] of points.flatMap((v) =>
      (seeds ?? [null]).map((s) => [v, s] as const),
    )) {
      const pointSet = { ...set, [variable]: String(value) };
      if (seed !== null) pointSet["train.seed"] = String(seed);
      // The spec's warnings were shown once above; each point would only repeat them.
      const c = compileSpec(file, pointSet, { warnings: false });
      if (!c) return ExitCode.Failure;
      const runDir = trainedRunState(c.ir, flags.out).runDir;
      if (seen.has(runDir)) continue;
      seen.add(runDir);
      all.push({
        ir: c.ir,
        file,
        set: pointSet,
        settings: withAttackFlags(c.ir.attack, values),
        point: {
          model: c.ir.name,
          family: c.ir.family.name,
          variable,
          value,
          seed: c.ir.train.seed,
          runDir,
        },
      });
    }
  }

  const todo = all.filter((job) => {
    const state = trainedRunState(job.ir, flags.out);
    const results = readAttackResults(job.point.runDir);
    const done =
      state.kind === "finished" && results !== null && sameAttack(results.settings, job.settings);
    if (done)
      process.stderr.write(`reusing ${job.point.runDir} (${variable} = ${job.point.value})\n`);
    return !done;
  });
  process.stderr.write(
    `sweep over ${variable}: ${all.length} runs, ${todo.length} to train or attack, ${jobs} at a time\n`,
  );

  const bin = fileURLToPath(new URL("../../bin/vaec.js", import.meta.url));
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const job = todo[next++];
      const args = [bin, "attack", job.file, "--no-report", "--out", flags.out];
      for (const [k, v] of Object.entries(job.set)) args.push("--set", `${k}=${v}`);
      args.push("--kinds", job.settings.kinds.join(","), "--pairs", String(job.settings.pairs));
      const started = performance.now();
      const { code, stderr } = await runChild(args);
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      const label = `${job.point.model} ${variable} = ${job.point.value}${seeds ? ` seed ${job.point.seed}` : ""}`;
      if (code === 0)
        process.stderr.write(`done ${label} in ${seconds} s -> ${job.point.runDir}\n`);
      else {
        failed++;
        process.stderr.write(
          `failed ${label} (exit ${code}):\n${stderr.split("\n").slice(-15).join("\n")}\n`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, todo.length) }, worker));

  const report = await writeSweepReport(
    flags.report,
    all.map((j) => j.point),
  );
  process.stdout.write(`${report}\n`);
  return failed > 0 ? ExitCode.Failure : ExitCode.Ok;
}

function runChild(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      // Keep only the tail: progress lines add up over a long run.
      if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
    });
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}
