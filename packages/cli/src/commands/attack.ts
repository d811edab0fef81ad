import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import { Resvg } from "@resvg/resvg-js";
import {
  compileSource,
  type AttackKind,
  type AttackSettings,
  type Diagnostic,
  type ModelIR,
} from "@vaec/compiler";
import { hasErrors } from "@vaec/dsl";
import {
  attackPaths,
  attackRunDir,
  BackendError,
  ensureTrainedRun,
  formatLambda,
  initBackend,
  parsePairs,
  writeRunReport,
  type AttackPair,
  type AttackResults,
} from "@vaec/runtime";
import { ExitCode } from "../exit-code.js";
import { createProgress, type Progress } from "../progress.js";
import { formatNumber, parseSets, printDiagnostics } from "./train.js";

interface AttackFlags {
  kinds?: string;
  pairs?: string;
  json?: boolean;
  set: string[];
  out: string;
  report: boolean;
  backend?: string;
  verbose?: boolean;
}

const KINDS: readonly AttackKind[] = ["kl", "w2", "output"];

export function register(program: Command): void {
  program
    .command("attack")
    .summary(
      "attack a trained model (training the spec first if needed); writes results and a report",
    )
    .description(
      "Run the spec's adversarial attacks on random (source, target) pairs of held-out data: each\n" +
        "attack kind over all pairs x lambdas as one batched L-BFGS-B (or Adam) problem, the lambda\n" +
        "per pair chosen by the paper's rule with the whole curve kept. Given a spec with no finished\n" +
        "run, trains it first (runs are cached by the IR's hash, so a second call reuses the run).\n" +
        "Writes <run>/attack/results.{json,csv}, a labelled panel per attack (SVG and PNG) and\n" +
        "<run>/report.html, and prints a summary per attack at its chosen lambdas.\n\n" +
        "Examples:\n" +
        "  vaec attack examples/seatbelt.vae\n" +
        "  vaec attack runs/Seatbelt-1a2b3c4d --kinds kl,output --pairs 5\n" +
        "  vaec attack examples/vae.vae --set train.steps=200 --set attack.lambda=grid(-4, 4, 8)\n" +
        "  vaec attack runs/Seatbelt-1a2b3c4d --pairs 3:17,4:2 --json",
    )
    .argument("<spec-or-run>", "a .vae spec, or a run directory written by `vaec train`")
    .option("--kinds <list>", "attack kinds, comma-separated: kl, w2, output (default: the spec's)")
    .option("--pairs <n|list>", "how many random pairs, or explicit held-out pairs `3:17,4:2`")
    .option("--json", "print the results as JSON on stdout")
    .option(
      "--set <key=value>",
      "override a param or setting (beta=4, train.steps=200, attack.pairs=5); repeatable",
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option("--out <dir>", "parent folder of run directories", "runs")
    .option("--no-report", "skip the HTML report")
    .option("--backend <name>", "force a backend (tfjs-node-gpu, tfjs-node, wasm, cpu)")
    .option("--verbose", "print the backend in use and why better ones were not")
    .action(async (target: string, flags: AttackFlags) => {
      process.exitCode = await runAttackCommand(target, flags);
    });
}

export interface Prepared {
  runDir: string;
  ir: ModelIR;
  sources: Map<string, string>;
}

/** Compiles a spec (with `--set`) and prints its diagnostics; null on errors. */
export function compileSpec(
  file: string,
  set: Record<string, string>,
): { ir: ModelIR; text: string } | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    process.stderr.write(`error: cannot read \`${file}\`: ${(error as Error).message}\n`);
    return null;
  }
  const compiled = compileSource({ path: file, text }, { set });
  printDiagnostics(compiled.diagnostics, new Map([[file, text]]));
  if (!compiled.result || hasErrors(compiled.diagnostics)) return null;
  return { ir: compiled.result.ir, text };
}

/** Reuses the spec's finished run or trains it (with a progress bar); null after a failure. */
export async function trainSpec(
  file: string,
  ir: ModelIR,
  text: string,
  out: string,
  backend: string,
): Promise<string | null> {
  let progress: Progress | null = null;
  const trained = await ensureTrainedRun({
    ir,
    specText: text,
    specFile: file,
    dataRoot: path.dirname(path.resolve(file)),
    out,
    backend,
    onStart: (info) => {
      process.stderr.write(
        `training ${pc.bold(ir.name)} (${ir.family.name}, ${ir.paramCount.toLocaleString("en")} parameters) on ${backend}: ` +
          `${info.totalSteps} steps, batch ${info.batch} -> ${info.runDir}\n`,
      );
      progress = createProgress({ total: info.totalSteps, start: info.startStep, label: "train" });
    },
    onStep: (event) => {
      progress?.update(
        event.step,
        `${Math.round(event.imagesPerSecond)} img/s | loss ${formatNumber(event.terms.loss ?? NaN)}`,
        event.etaSeconds,
      );
    },
  });
  (progress as Progress | null)?.stop();
  printDiagnostics(trained.diagnostics, new Map([[file, text]]));
  if (!trained.result) return null;
  if (trained.result.train?.outcome.status !== undefined) {
    if (trained.result.train.outcome.status !== "completed") return null;
  } else {
    process.stderr.write(`reusing the trained run ${trained.result.runDir}\n`);
  }
  return trained.result.runDir;
}

function isRunDir(target: string): boolean {
  return fs.existsSync(target) && fs.statSync(target).isDirectory();
}

export interface AttackFlagValues {
  kinds?: AttackKind[];
  pairs?: number;
  /** Explicit pairs `3:17,4:2`, checked against the run's held-out size later. */
  pairText?: string;
}

/** Reads `--kinds` and `--pairs`; a usage message when one is malformed. */
export function parseAttackFlags(flags: {
  kinds?: string;
  pairs?: string;
}): AttackFlagValues | { error: string } {
  const values: AttackFlagValues = {};
  if (flags.kinds !== undefined) {
    const kinds = flags.kinds.split(",").map((k) => k.trim());
    const bad = kinds.find((k) => !KINDS.includes(k as AttackKind));
    if (bad !== undefined) {
      return { error: `\`--kinds\` takes kl, w2 and output separated by commas, got \`${bad}\`` };
    }
    values.kinds = [...new Set(kinds as AttackKind[])];
  }
  if (flags.pairs !== undefined) {
    if (flags.pairs.includes(":")) {
      values.pairText = flags.pairs;
    } else {
      const count = Number(flags.pairs);
      if (!Number.isInteger(count) || count < 1) {
        return {
          error: `\`--pairs\` takes a whole number >= 1 or pairs \`3:17,4:2\`, got \`${flags.pairs}\``,
        };
      }
      values.pairs = count;
    }
  }
  return values;
}

export function withAttackFlags(
  settings: AttackSettings,
  values: AttackFlagValues,
): AttackSettings {
  return {
    ...settings,
    kinds: values.kinds ?? settings.kinds,
    pairs: values.pairs ?? settings.pairs,
  };
}

/** Explicit `--pairs 3:17,4:2` checked against the run's held-out split; null after an error. */
export function resolvePairs(
  runDir: string,
  pairText: string | undefined,
): { pairs?: AttackPair[] } | null {
  if (pairText === undefined) return {};
  const parsed = parsePairs(pairText, heldOutSize(runDir));
  if ("error" in parsed) {
    process.stderr.write(`error: \`--pairs\`: ${parsed.error}\n`);
    return null;
  }
  return { pairs: parsed.pairs };
}

export async function initBackendOrReport(flags: {
  backend?: string;
  verbose?: boolean;
}): Promise<string | null> {
  try {
    return (await initBackend({ backend: flags.backend, verbose: flags.verbose })).name;
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
    printDiagnostics(error.diagnostics);
    return null;
  }
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
    const irFile = path.join(runDir, "ir.json");
    if (!fs.existsSync(irFile)) {
      process.stderr.write(`error: \`${runDir}\` is not a run directory (it has no ir.json)\n`);
      return ExitCode.Failure;
    }
    const ir = JSON.parse(fs.readFileSync(irFile, "utf8")) as ModelIR;
    settings = ir.attack;
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
    backend = await initBackendOrReport(flags);
    if (backend === null) return ExitCode.Failure;
  } else {
    const compiled = compileSpec(target, set);
    if (!compiled) return ExitCode.Failure;
    backend = await initBackendOrReport(flags);
    if (backend === null) return ExitCode.Failure;
    const trained = await trainSpec(target, compiled.ir, compiled.text, flags.out, backend);
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
  if (flags.json) {
    process.stdout.write(JSON.stringify(outcome.results, null, 2) + "\n");
  } else {
    process.stdout.write(renderSummary(outcome.results));
    process.stdout.write(
      outcome.report ? `report: ${outcome.report}\n` : `results: ${attackPaths(runDir).json}\n`,
    );
  }
  return ExitCode.Ok;
}

/** Runs the attacks with a progress bar, rasterises the panels and writes the report. */
export async function attackAndReport(
  runDir: string,
  settings: AttackSettings,
  pairs: AttackPair[] | undefined,
  options: { report: boolean },
): Promise<{ code: number; results?: AttackResults; report?: string }> {
  let progress: Progress | null = null;
  const attacked = await attackRunDir(runDir, {
    settings,
    pairs,
    onStart: (info) => {
      process.stderr.write(
        `attacking ${pc.bold(info.model)} at step ${info.step}: ${info.kinds.join(", ")} on ${info.pairs} pairs x ${info.lambdas} lambdas, up to ${info.steps} steps each\n`,
      );
      progress = createProgress({ total: info.total, label: "attack" });
    },
    onProgress: (p) => progress?.update(p.done, `${p.kind} | ${p.active} rows running`),
    onKindDone: (r) =>
      progress?.log(`  ${r.kind}: ${r.rounds} batched rounds in ${r.seconds.toFixed(1)} s`),
  });
  (progress as Progress | null)?.stop();
  printDiagnostics(attacked.diagnostics as Diagnostic[]);
  if (!attacked.result) return { code: ExitCode.Failure };
  const results = attacked.result.results;
  for (const attack of results.attacks) {
    if (!attack.panel) continue;
    const svgFile = path.join(runDir, attack.panel.svg);
    const png = new Resvg(fs.readFileSync(svgFile, "utf8"), {
      font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
    })
      .render()
      .asPng();
    fs.writeFileSync(attackPaths(runDir).panelPng(attack.kind), png);
  }
  let report: string | undefined;
  if (options.report) {
    const written = await writeRunReport(runDir);
    printDiagnostics(written.diagnostics);
    report = written.result;
  }
  return { code: ExitCode.Ok, results, report };
}

function heldOutSize(runDir: string): number {
  try {
    const config = JSON.parse(fs.readFileSync(path.join(runDir, "run.json"), "utf8")) as {
      heldOut: number;
    };
    return config.heldOut;
  } catch {
    return 0;
  }
}

/** One line per attack: means over pairs at each pair's chosen lambda. */
export function renderSummary(results: AttackResults): string {
  const header = [
    "attack",
    "Delta at d=0",
    "Delta",
    "Delta - lambda||d||",
    "||d||",
    "log p(x_t|z*)",
    "L2 to target",
    "L2 to source",
    "lambda (geo. mean)",
  ];
  const rows = results.attacks.map((a) => [
    a.kind,
    formatNumber(a.summary.baselineDelta),
    formatNumber(a.summary.delta),
    formatNumber(a.summary.deltaWithoutLambda),
    formatNumber(a.summary.distortion),
    formatNumber(a.summary.logLikelihoodTarget),
    formatNumber(a.summary.l2ToTarget),
    formatNumber(a.summary.l2ToSource),
    formatLambda(a.summary.lambda),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join("  ");
  return (
    `${results.model} (${results.family}) at step ${results.step}: ${results.settings.pairs} pairs, ` +
    `means at each pair's chosen lambda\n` +
    [line(header), ...rows.map(line)].join("\n") +
    "\n"
  );
}
