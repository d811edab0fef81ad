import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import type { AttackSettings } from "@vaec/compiler";
import { attackPaths, describeRunState, readModelMetrics, readRun } from "@vaec/runtime";
import {
  attackAndReport,
  compileSpec,
  parseAttackFlags,
  renderSummary,
  resolvePairs,
  trainSpec,
  withAttackFlags,
} from "../attack-steps.js";
import { ExitCode } from "../exit-code.js";
import { parseSets } from "../set-flags.js";
import { addBackendOptions, startBackend } from "../backend-options.js";
import { jsonOutput, setJsonResult, withJsonOutput } from "../json-output.js";
import { printDiagnostics } from "../render.js";
import { typedCommand } from "../train-flags.js";

interface AttackFlags {
  kinds?: string;
  pairs?: string;
  json?: boolean;
  set: string[];
  out: string;
  report: boolean;
  resume?: boolean;
  backend?: string;
  verbose?: boolean;
}

export function register(program: Command): void {
  addBackendOptions(
    program
      .command("attack")
      .summary(
        "attack a trained model (training the spec first if needed); writes results and a report",
      )
      .description(
        "Run the spec's adversarial attacks on random (source, target) pairs of held-out data: each\n" +
          "attack kind over all pairs x lambdas as one batched L-BFGS-B (or Adam) problem, the lambda\n" +
          "per pair chosen by the paper's rule with the whole curve kept. Given a spec with no finished\n" +
          "run, trains it first (runs are cached by a hash of the model, its train settings and data,\n" +
          "so a second call reuses the finished run; an unfinished one is continued with --resume).\n" +
          "Writes <run>/attack/results.{json,csv}, a labelled panel per attack (SVG and PNG) and\n" +
          "<run>/report.html, and prints a summary per attack at its chosen lambdas on stdout; with\n" +
          "--json, one JSON document: { ok, command, result: <results.json>, diagnostics }\n" +
          "(docs/cli-json.md).\n\n" +
          "Examples:\n" +
          "  vaec attack examples/seatbelt.vae\n" +
          "  vaec attack runs/Seatbelt-1a2b3c4d --kinds kl,output --pairs 5\n" +
          "  vaec attack examples/vae.vae --set train.steps=200 --set 'attack.lambda=grid(-4, 4, 8)'\n" +
          "  vaec attack runs/Seatbelt-1a2b3c4d --pairs 3:17,4:2 --json",
      )
      .argument("<spec-or-run>", "a .vae spec, or a run directory written by `vaec train`")
      .option(
        "--kinds <list>",
        "attack kinds, comma-separated: kl, w2, output (default: the spec's)",
      )
      .option("--pairs <n|list>", "how many random pairs, or explicit held-out pairs `3:17,4:2`")
      .option("--json", "print one JSON document on stdout (docs/cli-json.md)")
      .option(
        "--set <key=value>",
        "override a param or setting (beta=4, train.steps=200, attack.pairs=5); repeatable",
        (value: string, all: string[]) => [...all, value],
        [],
      )
      .option("--out <dir>", "parent folder of run directories", "runs")
      .option("--resume", "continue the spec's unfinished run from its last checkpoint first")
      .option("--no-report", "skip the HTML report"),
  ).action(async (target: string, flags: AttackFlags) => {
    process.exitCode = await withJsonOutput("attack", flags.json, () =>
      runAttackCommand(target, flags),
    );
  });
}

function isRunDir(target: string): boolean {
  return fs.existsSync(target) && fs.statSync(target).isDirectory();
}

async function runAttackCommand(target: string, flags: AttackFlags): Promise<number> {
  const set = parseSets(flags.set);
  if (!set) {
    process.stderr.write("error: `--set` takes key=value, e.g. `--set attack.pairs=5`\n");
    return ExitCode.Usage;
  }
  const values = parseAttackFlags(flags);
  if ("error" in values) {
    process.stderr.write(`error: ${values.error}\n`);
    return ExitCode.Usage;
  }
  let runDir: string;
  let backend: string | null;
  let settings: AttackSettings;
  if (isRunDir(target)) {
    runDir = target;
    const run = readRun(runDir);
    if (!run.result) {
      printDiagnostics(run.diagnostics);
      return ExitCode.Failure;
    }
    process.stderr.write(`using ${runDir} (${describeRunState(run.result.state)})\n`);
    settings = run.result.ir.attack;
    if (Object.keys(set).length > 0) {
      // A run's model is fixed: only attack settings may change. They are read by recompiling the
      // run's own spec (which may differ from the trained IR in `--set` values given at training).
      const other = Object.keys(set).find((key) => !key.startsWith("attack."));
      if (other !== undefined) {
        process.stderr.write(
          `error: \`--set ${other}\` would change the model trained in \`${runDir}\`\n` +
            "help: on a run only `attack.*` settings can be set; pass the spec instead to train the changed model\n",
        );
        return ExitCode.Usage;
      }
      const compiled = compileSpec(path.join(runDir, "spec.vae"), set);
      if (!compiled) return ExitCode.Failure;
      settings = compiled.ir.attack;
    }
    const pairs = resolvePairs(runDir, values.pairText);
    if (!pairs) return ExitCode.Usage;
    backend = await startBackend(flags);
    if (backend === null) return ExitCode.Failure;
  } else {
    const compiled = compileSpec(target, set);
    if (!compiled) return ExitCode.Failure;
    backend = await startBackend(flags);
    if (backend === null) return ExitCode.Failure;
    const trained = await trainSpec(target, compiled.ir, compiled.text, flags.out, backend, {
      resume: flags.resume,
      command: typedCommand(),
    });
    if (trained === null) return ExitCode.Failure;
    runDir = trained;
    settings = compiled.ir.attack;
  }
  const pairs = resolvePairs(runDir, values.pairText);
  if (!pairs) return ExitCode.Usage;
  const outcome = await attackAndReport(runDir, withAttackFlags(settings, values), pairs.pairs, {
    report: flags.report,
  });
  if (outcome.code !== ExitCode.Ok || !outcome.results) return outcome.code;
  setJsonResult(outcome.results);
  if (!jsonOutput()) {
    process.stdout.write(renderSummary(outcome.results, readModelMetrics(runDir)));
    process.stdout.write(
      outcome.report ? `report: ${outcome.report}\n` : `results: ${attackPaths(runDir).json}\n`,
    );
  }
  return ExitCode.Ok;
}

/** Runs the attacks with a progress bar, rasterises the panels and writes the report. */
