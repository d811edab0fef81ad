import type { Command } from "commander";
import { readModelMetrics } from "@vaec/runtime";
import { ExitCode } from "../exit-code.js";
import {
  attackAndReport,
  compileSpec,
  parseAttackFlags,
  renderSummary,
  resolvePairs,
  trainSpec,
  withAttackFlags,
} from "../attack-steps.js";
import { parseSets } from "../set-flags.js";
import { addBackendOptions, startBackend } from "../backend-options.js";
import { jsonOutput, setJsonResult, withJsonOutput } from "../json-output.js";
import { typedCommand, withTrainFlags } from "../train-flags.js";

interface RunFlags {
  json?: boolean;
  steps?: string;
  kinds?: string;
  pairs?: string;
  set: string[];
  out: string;
  resume?: boolean;
  backend?: string;
  verbose?: boolean;
}

export function register(program: Command): void {
  addBackendOptions(
    program
      .command("run")
      .summary("compile, train, attack with all three attacks and write the HTML report")
      .description(
        "The whole study of one spec: compile it, train it with the spec's budget (a run that\n" +
          "finished at the same model, settings and data is reused; an unfinished one is continued\n" +
          "only with --resume), run the KL, W2 and output attacks, write\n" +
          "<run>/report.html and print its path. The example specs' budgets finish in minutes on a\n" +
          "2-core CPU; --steps and --set shrink or grow them.\n\n" +
          "Prints the report's path on stdout (progress and the summary on stderr); with --json,\n" +
          "one JSON document: { ok, command, result: { runDir, report, results }, diagnostics }\n" +
          "(docs/cli-json.md).\n\n" +
          "Examples:\n" +
          "  vaec run examples/seatbelt.vae\n" +
          "  vaec run examples/seatbelt.vae --set beta=4\n" +
          "  vaec run examples/vae.vae --steps 200 --pairs 4 --set 'attack.lambda=grid(-8, 8, 9)'",
      )
      .argument("<file>", "the .vae spec")
      .option("--steps <n>", "training steps (same as --set train.steps=N)")
      .option("--kinds <list>", "attack kinds, comma-separated (default: kl,w2,output)")
      .option("--pairs <n|list>", "how many random pairs, or explicit held-out pairs `3:17,4:2`")
      .option(
        "--set <key=value>",
        "override a param or setting (beta=4, train.batch=32, attack.pairs=5); repeatable",
        (value: string, all: string[]) => [...all, value],
        [],
      )
      .option("--out <dir>", "parent folder of run directories", "runs")
      .option("--resume", "continue the spec's unfinished run from its last checkpoint")
      .option("--json", "print one JSON document on stdout (docs/cli-json.md)"),
  ).action(async (file: string, flags: RunFlags) => {
    process.exitCode = await withJsonOutput("run", flags.json, () => runAll(file, flags));
  });
}

async function runAll(file: string, flags: RunFlags): Promise<number> {
  const parsed = parseSets(flags.set);
  if (!parsed) {
    process.stderr.write("error: `--set` takes key=value, e.g. `--set beta=4`\n");
    return ExitCode.Usage;
  }
  // Through the IR, so the step count is part of the run's identity and cached runs stay distinct.
  const merged = withTrainFlags(parsed, { steps: flags.steps });
  if ("error" in merged) {
    process.stderr.write(`error: ${merged.error}\n`);
    return ExitCode.Usage;
  }
  const set = merged.set;
  const values = parseAttackFlags(flags);
  if ("error" in values) {
    process.stderr.write(`error: ${values.error}\n`);
    return ExitCode.Usage;
  }
  const compiled = compileSpec(file, set);
  if (!compiled) return ExitCode.Failure;
  const backend = await startBackend(flags);
  if (backend === null) return ExitCode.Failure;
  const started = performance.now();
  const runDir = await trainSpec(file, compiled.ir, compiled.text, flags.out, backend, {
    resume: flags.resume,
    command: typedCommand(),
  });
  if (runDir === null) return ExitCode.Failure;
  const pairs = resolvePairs(runDir, values.pairText);
  if (!pairs) return ExitCode.Usage;
  const settings = withAttackFlags(compiled.ir.attack, {
    ...values,
    kinds: values.kinds ?? ["kl", "w2", "output"],
  });
  const outcome = await attackAndReport(runDir, settings, pairs.pairs, { report: true });
  if (outcome.code !== ExitCode.Ok || !outcome.results) return outcome.code;
  process.stderr.write(renderSummary(outcome.results, readModelMetrics(runDir)));
  const minutes = (performance.now() - started) / 60_000;
  process.stderr.write(`done in ${minutes.toFixed(1)} min\n`);
  setJsonResult({ runDir, report: outcome.report ?? null, results: outcome.results });
  if (!jsonOutput()) process.stdout.write(`${outcome.report ?? runDir}\n`);
  return ExitCode.Ok;
}
