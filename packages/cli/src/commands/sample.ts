import type { Command } from "commander";
import { sampleRun } from "@vaec/runtime";
import { ExitCode } from "../exit-code.js";
import { printDiagnostics } from "../render.js";
import { addBackendOptions, startBackend } from "../backend-options.js";
import { jsonOutput, setJsonResult, withJsonOutput } from "../json-output.js";
import { createProgress } from "../progress.js";

interface SampleFlags {
  json?: boolean;
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
          "Prints the paths written on stdout, one a line, and a progress bar on stderr; with\n" +
          "--json, one JSON document on stdout: { ok, command, result: { files }, diagnostics }\n" +
          "(docs/cli-json.md).\n\n" +
          "Examples:\n" +
          "  vaec sample runs/Seatbelt-1a2b3c4d\n" +
          "  vaec sample runs/Seatbelt-1a2b3c4d --seed 7 --out figures",
      )
      .argument("<run>", "a run directory written by `vaec train`")
      .option("--out <dir>", "write the PNGs here instead of <run>/figures")
      .option("--seed <n>", "seed for the prior samples")
      .option("--json", "print one JSON document on stdout (docs/cli-json.md)"),
  ).action(async (run: string, flags: SampleFlags) => {
    process.exitCode = await withJsonOutput("sample", flags.json, () => runSample(run, flags));
  });
}

async function runSample(runDir: string, flags: SampleFlags): Promise<number> {
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) {
    process.stderr.write(`error: \`--seed\` needs a whole number >= 0, got \`${flags.seed}\`\n`);
    return ExitCode.Usage;
  }
  if ((await startBackend(flags)) === null) return ExitCode.Failure;
  // The figure count is known once the run is open; until then the bar says what it waits for.
  const progress = createProgress({ total: 1, label: "sample" });
  progress.update(0, "loading the checkpoint and the held-out data");
  let sampled: Awaited<ReturnType<typeof sampleRun>>;
  try {
    sampled = await sampleRun(runDir, {
      out: flags.out,
      seed,
      onProgress: (done, total) => {
        progress.setTotal(total);
        progress.update(done, "figures");
      },
    });
  } finally {
    progress.stop();
  }
  printDiagnostics(sampled.diagnostics);
  if (!sampled.result) return ExitCode.Failure;
  setJsonResult(sampled.result);
  if (!jsonOutput()) for (const file of sampled.result.files) process.stdout.write(`${file}\n`);
  return ExitCode.Ok;
}
