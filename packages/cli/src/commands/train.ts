import { totalmem } from "node:os";
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import { compileSource } from "@vaec/compiler";
import { describeHealth, describeRunState, trainRun, type StepEvent } from "@vaec/runtime";
import { ExitCode } from "../exit-code.js";
import { printDiagnostics } from "../render.js";
import { createProgress, type Progress } from "../progress.js";
import { addBackendOptions, startBackend } from "../backend-options.js";
import { jsonOutput, setJsonResult, withJsonOutput } from "../json-output.js";
import { typedCommand, withTrainFlags } from "../train-flags.js";
import { collect, formatNumber, parseSets } from "../set-flags.js";

interface TrainFlags {
  json?: boolean;
  out: string;
  set: string[];
  epochs?: string;
  steps?: string;
  seed?: string;
  data?: string;
  resume?: boolean;
  backend?: string;
  verbose?: boolean;
}

export function register(program: Command): void {
  addBackendOptions(
    program
      .command("train")
      .summary("train a spec; writes a run directory with checkpoints and metrics")
      .description(
        "Compile the spec and train it, writing runs/<model>-<hash>/ (spec, ir.json, checkpoints/,\n" +
          "metrics.jsonl, figures/). Checkpoints are written every `checkpoint_every` steps and at the\n" +
          "end; Ctrl-C saves one and stops. The run's folder is named by a hash of everything that\n" +
          "changes training (the model, every train setting, the data's content): a run that\n" +
          "finished at the same settings is reused, and an unfinished one is continued, with the\n" +
          "same data order and optimizer state, only with --resume. The same seed gives the same\n" +
          "losses. --steps, --epochs, --seed and --data are short for --set train.steps=N etc.\n" +
          "The held-out ELBO is evaluated five times as training goes (metrics.jsonl); the\n" +
          "spec's `schedule = cosine(warmup = 500)` sets the learning rate per step and\n" +
          "`early_stop = heldout(patience = 3)` stops when that curve flattens. Training ends with\n" +
          "health checks: collapsed latent layers (VAE590) and a curve still rising (VAE591).\n\n" +
          "Prints the run directory on stdout (progress on stderr); with --json, one JSON document:\n" +
          "{ ok, command, result: { runDir, status, step, lastCheckpoint, heldOutElbo },\n" +
          "diagnostics } (docs/cli-json.md).\n\n" +
          "Examples:\n" +
          "  vaec train examples/seatbelt.vae --steps 300\n" +
          "  vaec train examples/seatbelt.vae --set beta=4 --epochs 2\n" +
          "  vaec train examples/seatbelt.vae --steps 600 --resume   (after Ctrl-C)",
      )
      .argument("<file>", "the .vae spec")
      .option("--out <dir>", "parent folder of run directories", "runs")
      .option("--set <key=value>", "override a param or setting (repeatable)", collect, [])
      .option("--epochs <n>", "train for this many epochs (= --set train.epochs=N)")
      .option("--steps <n>", "train for this many steps in all (= --set train.steps=N)")
      .option("--seed <n>", "seed for weights, data order and noise (= --set train.seed=N)")
      .option(
        "--data <name>",
        "train on a built-in data set, sprites or mnist (= --set train.data=...)",
      )
      .option("--resume", "continue the run at these settings from its last checkpoint")
      .option("--json", "print one JSON document on stdout (docs/cli-json.md)"),
  ).action(async (file: string, flags: TrainFlags) => {
    process.exitCode = await withJsonOutput("train", flags.json, () => runTrain(file, flags));
  });
}

/** The step's terms for the progress line, with the gradient's norm when it is clipped. */
function formatTerms(terms: Record<string, number>, gradNorm?: number): string {
  const norm = gradNorm === undefined ? "" : ` | grad norm ${formatNumber(gradNorm)}`;
  return Object.entries(terms)
    .map(([name, value]) => `${name} ${formatNumber(value)}`)
    .join(" ")
    .concat(norm);
}

async function runTrain(file: string, flags: TrainFlags): Promise<number> {
  const parsed = parseSets(flags.set);
  if (!parsed) {
    process.stderr.write("error: `--set` takes key=value, e.g. `--set beta=4`\n");
    return ExitCode.Usage;
  }
  const merged = withTrainFlags(parsed, flags);
  if ("error" in merged) {
    process.stderr.write(`error: ${merged.error}\n`);
    return ExitCode.Usage;
  }
  const set = merged.set;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    process.stderr.write(`error: cannot read \`${file}\`: ${(error as Error).message}\n`);
    return ExitCode.Failure;
  }
  const sources = new Map([[file, text]]);
  const compiled = compileSource({ path: file, text }, { set, machineMemory: totalmem() });
  if (!compiled.result) {
    printDiagnostics(compiled.diagnostics, sources);
    return ExitCode.Failure;
  }
  printDiagnostics(compiled.diagnostics, sources);
  const { ir } = compiled.result;

  const backend = await startBackend(flags);
  if (backend === null) return ExitCode.Failure;

  let stopRequested = false;
  const onSigint = () => {
    if (stopRequested) process.exit(ExitCode.Failure);
    stopRequested = true;
    process.stderr.write("\nstopping: saving a checkpoint (Ctrl-C again to quit at once)\n");
  };
  process.on("SIGINT", onSigint);
  let progress: Progress | null = null;
  try {
    const run = await trainRun({
      ir,
      specText: text,
      specFile: file,
      dataRoot: path.dirname(path.resolve(file)),
      out: flags.out,
      resume: flags.resume,
      command: typedCommand(),
      backend,
      shouldStop: () => stopRequested,
      onStart: (info) => {
        const from = info.startStep > 0 ? ` from step ${info.startStep}` : "";
        process.stderr.write(
          `training ${pc.bold(ir.name)} (${ir.family.name}, ${ir.paramCount.toLocaleString("en")} parameters) on ${backend}${from}\n` +
            `  run ${info.runDir}: ${info.totalSteps} steps, batch ${info.batch}, ${info.stepsPerEpoch} steps per epoch, ` +
            `${info.trainSize} training / ${info.heldOutSize} held-out examples\n`,
        );
        progress = createProgress({
          total: info.totalSteps,
          start: info.startStep,
          label: "train",
        });
      },
      onStep: (event: StepEvent) => {
        const rate = `${Math.round(event.imagesPerSecond)} img/s`;
        progress?.update(
          event.step,
          `epoch ${event.epoch + 1} | ${rate} | ${formatTerms(event.terms, event.gradNorm)}`,
          event.etaSeconds,
        );
      },
    });
    (progress as Progress | null)?.stop();
    if (!run.result) {
      printDiagnostics(run.diagnostics, sources);
      return ExitCode.Failure;
    }
    const { outcome, runDir, heldOutElbo, before } = run.result;
    printDiagnostics(run.diagnostics, sources);
    if (!outcome) {
      process.stderr.write(`reusing ${runDir} (${describeRunState(before)}); nothing to train\n`);
      setJsonResult({ runDir, status: "reused" });
      if (!jsonOutput()) process.stdout.write(`${runDir}\n`);
      return ExitCode.Ok;
    }
    setJsonResult({
      runDir,
      status: outcome.status,
      step: outcome.step,
      lastCheckpoint: outcome.lastCheckpoint,
      heldOutElbo: heldOutElbo ?? null,
    });
    if (outcome.status === "diverged") return ExitCode.Failure;
    const checkpoint = outcome.lastCheckpoint === null ? "none" : `step ${outcome.lastCheckpoint}`;
    if (outcome.status === "interrupted") {
      process.stderr.write(
        `interrupted at step ${outcome.step}; checkpoint saved (${checkpoint}); continue with --resume\n`,
      );
      return ExitCode.Failure;
    }
    const elbo =
      heldOutElbo === undefined ? "" : `; held-out ELBO ${heldOutElbo.toFixed(2)} nats/image`;
    if (!jsonOutput()) process.stdout.write(`${runDir}\n`);
    const done = run.result.earlyStop
      ? `stopped early at step ${outcome.step}: ${run.result.earlyStop.detail}`
      : `${outcome.step} steps`;
    process.stderr.write(`done: ${done}, checkpoint ${checkpoint}${elbo}\n`);
    for (const line of run.result.health ? describeHealth(run.result.health) : [])
      process.stderr.write(`  health: ${line}\n`);
    return ExitCode.Ok;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
