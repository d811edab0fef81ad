import type { Command } from "commander";
import { describeHealth, evaluateRun, type RunEvalReport } from "@vaec/runtime";
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
      .option("--limit <n>", "evaluate only the first n held-out examples"),
  ).action(async (run: string, flags: EvalFlags) => {
    process.exitCode = await withJsonOutput("eval", flags.json, () => runEval(run, flags));
  });
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
  if (iwSamples === null || limit === null) return ExitCode.Usage;
  if ((await startBackend(flags)) === null) return ExitCode.Failure;
  // The total is known once the data is loaded; until then the bar says what it is waiting for.
  const progress = createProgress({ total: 1, label: "eval" });
  const eta = etaEstimator();
  progress.update(0, "loading the checkpoint and the held-out data");
  let evaluated: ReturnType<typeof evaluateRun>;
  try {
    evaluated = evaluateRun(runDir, {
      deterministic: flags.deterministic,
      iwSamples,
      limit,
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
  return lines.join("\n") + "\n";
}
