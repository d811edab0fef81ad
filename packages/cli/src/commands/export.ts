import type { Command } from "commander";
import { exportRun } from "@vaec/runtime";
import { ExitCode } from "../exit-code.js";
import { printDiagnostics } from "../render.js";
import { startBackend } from "../backend-options.js";
import { jsonOutput, setJsonResult, withJsonOutput } from "../json-output.js";
import { createProgress } from "../progress.js";

interface ExportFlags {
  json?: boolean;
  format: string;
  out?: string;
}

export function register(program: Command): void {
  program
    .command("export")
    .summary("write a run's weights and IR as .npz for NumPy / PyTorch")
    .description(
      "Write every weight of a run's latest checkpoint as a named float32 array\n" +
        "(`p.z1/dense0/kernel`, `q.z2/dense1/bias`, ...) plus the IR as `ir.json`, in one .npz:\n" +
        "  w = numpy.load('Seatbelt-step300.npz'); w['p.x/dense0/kernel']; json.loads(w['ir.json'])\n\n" +
        "Dense kernels are [in, out]; conv kernels [k, k, in, out]; transposed-conv kernels\n" +
        "[k, k, out, in]; images are channels-first in the data vector.\n\n" +
        "Prints the path of the .npz on stdout; with --json, one JSON document on stdout:\n" +
        "{ ok, command, result: { file, arrays }, diagnostics } (docs/cli-json.md).\n\n" +
        "Example:\n" +
        "  vaec export runs/Seatbelt-1a2b3c4d --format npz --out seatbelt.npz",
    )
    .argument("<run>", "a run directory written by `vaec train`")
    .option("--format <format>", "the output format (npz)", "npz")
    .option("--out <file>", "output file (default: <run>/<model>-step<N>.npz)")
    .option("--json", "print one JSON document on stdout (docs/cli-json.md)")
    .action(async (run: string, flags: ExportFlags) => {
      process.exitCode = await withJsonOutput("export", flags.json, () => runExport(run, flags));
    });
}

async function runExport(runDir: string, flags: ExportFlags): Promise<number> {
  if (flags.format !== "npz") {
    process.stderr.write(`error: \`--format\` supports npz, got \`${flags.format}\`\n`);
    return ExitCode.Usage;
  }
  // Reading weights needs a tfjs backend, but no speed: the CPU one always loads.
  if ((await startBackend({ backend: "cpu" })) === null) return ExitCode.Failure;
  const progress = createProgress({ total: 1, label: "export" });
  progress.update(0, "reading the checkpoint and writing the .npz");
  let exported: Awaited<ReturnType<typeof exportRun>>;
  try {
    exported = await exportRun(runDir, { out: flags.out });
    progress.update(1, "written");
  } finally {
    progress.stop();
  }
  printDiagnostics(exported.diagnostics);
  if (!exported.result) return ExitCode.Failure;
  setJsonResult(exported.result);
  if (jsonOutput()) return ExitCode.Ok;
  process.stdout.write(`${exported.result.file}\n`);
  process.stderr.write(`wrote ${exported.result.arrays} arrays and ir.json\n`);
  return ExitCode.Ok;
}
