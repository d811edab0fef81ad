import type { Command } from "commander";
import { describeBackend, selectBackend } from "@vaec/runtime";
import { printDiagnostics } from "./render.js";
import { startStatus } from "./progress.js";

/** The flags of every command that runs tensors. */
export interface BackendFlags {
  backend?: string;
  verbose?: boolean;
}

export function addBackendOptions(command: Command): Command {
  return command
    .option("--backend <name>", "force a backend (tfjs-node-gpu, webgpu, tfjs-node, wasm, cpu)")
    .option("--verbose", "print the backend in use and why better ones were not");
}

/** Starts the best (or the forced) backend; a backend that cannot start is reported as its
 * diagnostic and gives null, so the command exits 1 with no stack trace. Starting the threaded
 * wasm build (one worker per core) can take seconds on a busy machine: a status line says so.
 * Warnings (a malformed switch value) are printed and the command goes on; `--verbose` prints
 * the backend and why the better ones were passed over. */
export async function startBackend(flags: BackendFlags): Promise<string | null> {
  const status = startStatus("starting the tensor backend");
  let selected: Awaited<ReturnType<typeof selectBackend>>;
  try {
    selected = await selectBackend({ backend: flags.backend });
  } finally {
    status.stop();
  }
  printDiagnostics(selected.diagnostics);
  if (!selected.result) return null;
  if (flags.verbose) process.stderr.write(describeBackend(selected.result).join("\n") + "\n");
  return selected.result.name;
}
