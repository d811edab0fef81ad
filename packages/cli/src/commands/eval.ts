import type { Command } from "commander";
import { blobbedShapesNote, describeHealth, evaluateRun, type RunEvalReport } from "@vaec/runtime";
import { renderModelMetrics } from "../attack-steps.js";
import { ExitCode } from "../exit-code.js";
import { formatNumber } from "../set-flags.js";
import { printDiagnostics } from "../render.js";
import { addBackendOptions, startBackend } from "../backend-options.js";
import { jsonOutput, setJsonResult, withJsonOutput } from "../json-output.js";
import { createProgress, etaEstimator } from "../progress.js";

interface EvalFlags {
  json?: boolean;
  deterministic?: boolean;
  samples?: string;
  limit?: string;
  metrics: boolean;
  marginRadius?: string;
  marginExamples?: string;
  backend?: string;
  verbose?: boolean;
}

export function register(program: Command): void {
  addBackendOptions(
    program
      .command("eval")
      .summary("held-out ELBO, IWAE bound, per-layer KL and active units of a trained run")
      .description(
        "Evaluate a run's latest checkpoint on its held-out data at beta = 1: the ELBO (nats per\n" +
          "image), the importance-weighted bound with K samples through the whole hierarchical q,\n" +
          "each layer's KL, active units per layer (Cov_x E_q[z_k] > 0.01) and the reconstruction\n" +
          "error. --deterministic sets every reparameterisation noise to zero (z = posterior mean)\n" +
          "so other tools can reproduce the numbers exactly.\n\n" +
          "Health checks: a layer with no active unit or a KL near 0 is a collapse warning\n" +
          "(VAE590); a held-out ELBO still rising at the end of training is a note (VAE591); NaN or\n" +
          "infinite weights or results are errors with exit status 1 (VAE593, VAE592).\n\n" +
          "Robustness and disentanglement (docs/objectives.md), written to <run>/model-metrics.json:\n" +
          "the r-robustness margin bound of Camuto et al. from the encoder's Jacobian and posterior\n" +
          "scales (no attack run; r defaults to half the median distance between held-out images),\n" +
          "the MIG on data with discrete factors (sprites, mnist, .npz labels) and how often a\n" +
          "downstream classifier reads the reconstructions' class right. --no-metrics skips them.\n\n" +
          "Examples:\n" +
          "  vaec eval runs/Seatbelt-1a2b3c4d\n" +
          "  vaec eval runs/Seatbelt-1a2b3c4d --json --deterministic\n\n" +
          "Prints the report on stdout and a progress bar on stderr; with --json, one JSON\n" +
          "document on stdout: { ok, command, result: { elbo, iwae, kl, activeUnits, ... },\n" +
          "diagnostics } (docs/cli-json.md).",
      )
      .argument("<run>", "a run directory written by `vaec train`")
      .option("--json", "print one JSON document on stdout (docs/cli-json.md)")
      .option("--deterministic", "evaluate with the noise at zero (posterior means)")
      .option("--samples <k>", "importance samples for the IWAE bound (default: the spec's)")
      .option("--limit <n>", "evaluate only the first n held-out examples")
      .option("--no-metrics", "skip the robustness margin, MIG and classifier accuracy")
      .option("--margin-radius <r>", "r of the margin bound (default: from the data)")
      .option("--margin-examples <n>", "held-out examples for the margin bound (default 200)"),
  ).action(async (run: string, flags: EvalFlags) => {
    process.exitCode = await withJsonOutput("eval", flags.json, () => runEval(run, flags));
  });
}

function positiveNumber(flag: string, value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isFinite(n) && n > 0) return n;
  process.stderr.write(`error: \`--${flag}\` needs a number > 0, got \`${value}\`\n`);
  return null;
}

function positive(flag: string, value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1) return n;
  process.stderr.write(`error: \`--${flag}\` needs a whole number >= 1, got \`${value}\`\n`);
  return null;
}

async function runEval(runDir: string, flags: EvalFlags): Promise<number> {
  const iwSamples = positive("samples", flags.samples);
  const limit = positive("limit", flags.limit);
  const marginExamples = positive("margin-examples", flags.marginExamples);
  const marginRadius = positiveNumber("margin-radius", flags.marginRadius);
  if (iwSamples === null || limit === null) return ExitCode.Usage;
  if (marginExamples === null || marginRadius === null) return ExitCode.Usage;
  if ((await startBackend(flags)) === null) return ExitCode.Failure;
  // The total is known once the data is loaded; until then the bar says what it is waiting for.
  const progress = createProgress({ total: 1, label: "eval" });
  const eta = etaEstimator();
  progress.update(0, "loading the checkpoint and the held-out data");
  let evaluated: Awaited<ReturnType<typeof evaluateRun>>;
  try {
    evaluated = await evaluateRun(runDir, {
      deterministic: flags.deterministic,
      iwSamples,
      limit,
      metrics: flags.metrics ? { marginExamples, marginRadius } : false,
      onProgress: (done, total) => {
        progress.setTotal(total);
        progress.update(done, "held-out examples", eta.after(done, total));
      },
    });
  } finally {
    progress.stop();
  }
  printDiagnostics(evaluated.diagnostics);
  if (!evaluated.result) return ExitCode.Failure;
  setJsonResult(evaluated.result);
  if (!jsonOutput()) process.stdout.write(renderReport(evaluated.result));
  return ExitCode.Ok;
}

function renderReport(r: RunEvalReport): string {
  const lines = [
    `${r.model} at step ${r.step}, ${r.examples} held-out examples${r.deterministic ? " (deterministic: noise at zero)" : ""}`,
    `  ELBO (beta = 1)       ${formatNumber(r.elbo)} nats/image`,
    `  IWAE bound (K = ${r.iwSamples})`.padEnd(24) + `${formatNumber(r.iwae)} nats/image`,
    `  log p(x | z)          ${formatNumber(r.logLik)}`,
    `  reconstruction error  ${formatNumber(r.reconstructionError)} (squared, summed over pixels)`,
  ];
  for (const [name, kl] of Object.entries(r.kl)) {
    const units = r.activeUnits[name];
    lines.push(`  ${name}: KL ${formatNumber(kl)}, active units ${units.active}/${units.dims}`);
  }
  for (const line of describeHealth(r.health)) lines.push(`  health: ${line}`);
  if (r.shapes) {
    const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
    const per = Object.entries(r.shapes.perShape)
      .map(([shape, s]) => `${shape} ${pct(s.correct / Math.max(1, s.examples))}`)
      .join(", ");
    lines.push(
      `  shapes recognised     ${pct(r.shapes.balancedAccuracy)} of ${r.shapes.examples} reconstructions (${per}; ${r.shapes.blobs} drawn as blobs)`,
    );
    const note = blobbedShapesNote(r.shapes);
    if (note) lines.push(`  note: ${note}`);
  }
  const metrics = r.metrics ? renderModelMetrics(r.metrics) : "";
  return lines.join("\n") + "\n" + metrics.replace(/^(?=.)/gm, "  ");
}
