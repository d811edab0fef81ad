import { totalmem } from "node:os";
import fs from "node:fs";
import path from "node:path";
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
  describeRunState,
  ensureTrainedRun,
  formatLambda,
  heldOutSize,
  parsePairs,
  writeFileAtomic,
  writeRunReport,
  type AttackPair,
  type AttackResults,
  type ModelMetrics,
} from "@vaec/runtime";
import { ExitCode } from "./exit-code.js";
import { createProgress, type Progress } from "./progress.js";
import { formatNumber } from "./set-flags.js";
import { printDiagnostics } from "./render.js";

/*
 * The steps `vaec attack`, `vaec run` and `vaec sweep` share: compile a spec, train it or reuse
 * its run (with a progress bar and Ctrl-C), read the attack flags, run the attacks with a
 * progress bar, rasterise the panels, write the report and print the summary table.
 */

const KINDS: readonly AttackKind[] = ["kl", "w2", "output"];

export function compileSpec(
  file: string,
  set: Record<string, string>,
  options: { warnings: boolean } = { warnings: true },
): { ir: ModelIR; text: string } | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    process.stderr.write(`error: cannot read \`${file}\`: ${(error as Error).message}\n`);
    return null;
  }
  const compiled = compileSource({ path: file, text }, { set, machineMemory: totalmem() });
  const shown = options.warnings
    ? compiled.diagnostics
    : compiled.diagnostics.filter((d) => d.severity === "error");
  printDiagnostics(shown, new Map([[file, text]]));
  if (!compiled.result || hasErrors(compiled.diagnostics)) return null;
  return { ir: compiled.result.ir, text };
}

/**
 * Reuses the spec's finished run, resumes its unfinished one (only with `resume`), or trains it
 * (with a progress bar), saying which on stderr; null after a failure.
 */
export async function trainSpec(
  file: string,
  ir: ModelIR,
  text: string,
  out: string,
  backend: string,
  options: { resume?: boolean; command?: string } = {},
): Promise<string | null> {
  let progress: Progress | null = null;
  let stopRequested = false;
  const onSigint = () => {
    if (stopRequested) process.exit(ExitCode.Failure);
    stopRequested = true;
    process.stderr.write("\nstopping: saving a checkpoint (Ctrl-C again to quit at once)\n");
  };
  process.on("SIGINT", onSigint);
  const trained = await ensureTrainedRun({
    ir,
    specText: text,
    specFile: file,
    dataRoot: path.dirname(path.resolve(file)),
    out,
    backend,
    resume: options.resume,
    command: options.command,
    shouldStop: () => stopRequested,
    onStart: (info) => {
      process.stderr.write(
        `training ${pc.bold(ir.name)} (${ir.family.name}, ${ir.paramCount.toLocaleString("en")} parameters) on ${backend}: ` +
          `${info.totalSteps} steps${info.startStep > 0 ? ` (resuming at step ${info.startStep})` : ""}, batch ${info.batch} -> ${info.runDir}\n`,
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
  }).finally(() => process.off("SIGINT", onSigint));
  (progress as Progress | null)?.stop();
  printDiagnostics(trained.diagnostics, new Map([[file, text]]));
  if (!trained.result) return null;
  const { runDir, before, train } = trained.result;
  if (!train) {
    process.stderr.write(`reusing ${runDir} (${describeRunState(before)})\n`);
    return runDir;
  }
  const status = train.outcome.status;
  if (status === "interrupted") {
    process.stderr.write(
      `interrupted at step ${train.outcome.step}; run the same command with --resume to continue\n`,
    );
    return null;
  }
  return status === "completed" || status === "stopped-early" ? runDir : null;
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

export async function attackAndReport(
  runDir: string,
  settings: AttackSettings,
  pairs: AttackPair[] | undefined,
  options: { report: boolean },
): Promise<{ code: number; results?: AttackResults; report?: string }> {
  let progress: Progress | null = null;
  const started = performance.now();
  const attacked = await attackRunDir(runDir, {
    settings,
    pairs,
    onStart: (info) => {
      process.stderr.write(
        `attacking ${pc.bold(info.model)} at step ${info.step}: ${info.kinds.join(", ")} on ${info.pairs} pairs x ${info.lambdas} lambdas, up to ${info.steps} steps each\n`,
      );
      progress = createProgress({ total: info.total, label: "attack" });
    },
    onProgress: (p) => {
      const elapsed = (performance.now() - started) / 1000;
      const eta = p.done > 0 ? (elapsed * (p.total - p.done)) / p.done : undefined;
      progress?.update(p.done, `${p.kind} | ${p.active} rows running`, eta);
    },
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
    writeFileAtomic(attackPaths(runDir).panelPng(attack.kind), png);
  }
  let report: string | undefined;
  if (options.report) {
    const written = await writeRunReport(runDir);
    printDiagnostics(written.diagnostics);
    report = written.result;
  }
  return { code: ExitCode.Ok, results, report };
}

/** One line per attack: means over pairs at each pair's chosen lambda. */
export function renderSummary(results: AttackResults, metrics?: ModelMetrics | null): string {
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
  // AUDDC and downstream success (docs/attacks.md), in results written since they exist.
  const withExtras = results.attacks.some((a) => a.summary.auddc !== undefined);
  if (withExtras) header.push("AUDDC", "success");
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
    ...(withExtras ? [optional(a.summary.auddc), percent(a.summary.downstreamSuccess)] : []),
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
    "\n" +
    (metrics ? renderModelMetrics(metrics) : "")
  );
}

const optional = (v: number | null | undefined) =>
  v === null || v === undefined ? "n/a" : formatNumber(v);
const percent = (v: number | null | undefined) =>
  v === null || v === undefined ? "n/a" : `${(100 * v).toFixed(1)}%`;

/** The attack-free metrics (<run>/model-metrics.json), a line each. */
export function renderModelMetrics(m: ModelMetrics): string {
  const lines: string[] = [];
  if (m.margin) {
    lines.push(
      `robustness margin (Camuto et al.)  ${formatNumber(m.margin.mean)} (median ${formatNumber(m.margin.median)}; r = ${formatNumber(m.margin.radius)}, ${m.margin.examples} held-out examples, ${percent(m.margin.robustFraction)} r-robust unperturbed; min sigma/||J||_F ${formatNumber(m.margin.scale)})`,
    );
  }
  if (m.mig) {
    const factors = m.mig.factors.map((f) => `${f.name} ${formatNumber(f.gap)}`).join(", ");
    lines.push(`MIG                                ${optional(m.mig.mig)} (${factors})`);
  }
  if (m.downstream) {
    lines.push(
      `${m.downstream.factor} classifier`.padEnd(35) +
        `${percent(m.downstream.reconstructionAccuracy)} right on clean reconstructions, ${percent(m.downstream.heldOutAccuracy)} on clean images`,
    );
  }
  return lines.map((l) => `${l}\n`).join("");
}
