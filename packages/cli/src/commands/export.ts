import type { Command } from "commander";
import { BackendError, exportRun, initBackend } from "@vaec/runtime";
import { ExitCode } from "../exit-code.js";
import { printDiagnostics } from "../render.js";

interface ExportFlags {
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
        "Example:\n" +
        "  vaec export runs/Seatbelt-1a2b3c4d --format npz --out seatbelt.npz",
    )
    .argument("<run>", "a run directory written by `vaec train`")
    .option("--format <format>", "the output format (npz)", "npz")
    .option("--out <file>", "output file (default: <run>/<model>-step<N>.npz)")
    .action(async (run: string, flags: ExportFlags) => {
      process.exitCode = await runExport(run, flags);
    });
}

async function runExport(runDir: string, flags: ExportFlags): Promise<number> {
  if (flags.format !== "npz") {
    process.stderr.write(`error: \`--format\` supports npz, got \`${flags.format}\`\n`);
    return ExitCode.Usage;
  }
  try {
    // Reading weights needs a tfjs backend, but no speed: the CPU one always loads.
    await initBackend({ backend: "cpu" });
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
    printDiagnostics(error.diagnostics);
    return ExitCode.Failure;
  }
  const exported = exportRun(runDir, { out: flags.out });
  printDiagnostics(exported.diagnostics);
  if (!exported.result) return ExitCode.Failure;
  process.stdout.write(`${exported.result.file}\n`);
  process.stderr.write(`wrote ${exported.result.arrays} arrays and ir.json\n`);
  return ExitCode.Ok;
}
