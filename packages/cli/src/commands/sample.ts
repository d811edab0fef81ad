import type { Command } from "commander";
import { sampleRun } from "@vaec/runtime";
import { ExitCode } from "../exit-code.js";
import { printDiagnostics } from "../render.js";
import { addBackendOptions, startBackend } from "../backend-options.js";

interface SampleFlags {
  out?: string;
  seed?: string;
  backend?: string;
  verbose?: boolean;
}

export function register(program: Command): void {
  addBackendOptions(
    program
      .command("sample")
      .summary("write PNG grids: reconstructions, prior samples, latent traversals")
      .description(
        "Write PNG grids from a run's latest checkpoint into its figures/ folder:\n" +
          "reconstructions.png (held-out originals above their reconstructions), samples.png\n" +
          "(ancestral samples through p) and traversal-<layer>.png (each row one unit swept over\n" +
          "[-3, 3], every other latent at the posterior mean of a held-out image).\n\n" +
          "Example:\n" +
          "  vaec sample runs/Seatbelt-1a2b3c4d",
      )
      .argument("<run>", "a run directory written by `vaec train`")
      .option("--out <dir>", "write the PNGs here instead of <run>/figures")
      .option("--seed <n>", "seed for the prior samples"),
  ).action(async (run: string, flags: SampleFlags) => {
    process.exitCode = await runSample(run, flags);
  });
}

async function runSample(runDir: string, flags: SampleFlags): Promise<number> {
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) {
    process.stderr.write(`error: \`--seed\` needs a whole number >= 0, got \`${flags.seed}\`\n`);
    return ExitCode.Usage;
  }
  if ((await startBackend(flags)) === null) return ExitCode.Failure;
  const sampled = sampleRun(runDir, { out: flags.out, seed });
  printDiagnostics(sampled.diagnostics);
  if (!sampled.result) return ExitCode.Failure;
  for (const file of sampled.result.files) process.stdout.write(`${file}\n`);
  return ExitCode.Ok;
}
