import { Command, CommanderError, Help } from "commander";
import type { Diagnostic } from "@vaec/compiler";
import type { WebGpuFault } from "@vaec/runtime";
import { registerCommands } from "./commands/index.js";
import { wrapHelpText } from "./help-wrap.js";
import { ExitCode } from "./exit-code.js";
import { version } from "./version.js";

const GETTING_STARTED = `
Getting started:
  vaec run examples/seatbelt.vae        train, attack and report on built-in sprites
  vaec explain examples/seatbelt.vae    the factorisation, the ELBO and the attacks, term by term
  vaec diagram examples/seatbelt.vae    the plate diagram (generative p beside inference q)
  vaec check examples/tcdlgm.vae        a warning about a shortcut through one layer
  vaec explain VAE404                   the long explanation of a diagnostic code

Every command has its own help: vaec <command> --help. Exit codes: 0 ok, 1 errors, 2 usage.
Docs: docs/language.md (the language), docs/objectives.md (the maths), docs/diagnostics/.`;

/**
 * Builds the `vaec` program for `argv`. Each command lives in its own file under commands/; only
 * the one `argv` runs is loaded (see commands/index.ts), so `--version` and `--help` load nothing
 * heavy. `allCommands` loads every one (for tests).
 */
export async function buildProgram(argv: readonly string[], allCommands = false): Promise<Command> {
  const program = new Command("vaec")
    .description(
      "Declare a (hierarchical) variational autoencoder in a small .vae spec; vaec checks it, " +
        "derives its ELBO, TC penalty and adversarial attacks, trains it with TensorFlow.js, " +
        "attacks it and reports how robust it is.",
    )
    .addHelpText("after", GETTING_STARTED)
    .version(version, "-V, --version")
    .showHelpAfterError("(run `vaec --help` or `vaec <command> --help` for usage)")
    .configureHelp({
      // `vaec --help` lists stand-ins for the commands not loaded: name and usage, the same
      // for both.
      subcommandTerm: (command) => `${command.name()} ${command.usage()}`.trimEnd(),
      boxWrap(this: Help, text: string, width: number): string {
        return wrapHelpText(text, width, (line, w) => Help.prototype.boxWrap.call(this, line, w));
      },
    })
    .exitOverride();
  await registerCommands(program, argv, allCommands);
  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 diagnostics or failure, 2 usage. */
export async function main(argv: string[]): Promise<number> {
  if (process.stdout.listenerCount("error") === 0) {
    // `vaec --help | head` closes the pipe early: that is the reader's choice, not an error.
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(ExitCode.Ok);
      throw error;
    });
  }
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: "user" });
    return process.exitCode === undefined ? ExitCode.Ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") {
        return ExitCode.Ok;
      }
      if (error.code === "commander.help") return ExitCode.Ok;
      return ExitCode.Usage;
    }
    // A run-store write that failed (a full disk: VAE549) carries its own coded diagnostic; a
    // WebGPU error outside training (VAE535-VAE538) carries its fault, which the runtime words.
    const coded =
      error instanceof Error && error.name === "WebGpuFault"
        ? await webGpuFaultDiagnostic(error)
        : (error as { diagnostic?: Diagnostic } | null)?.diagnostic;
    const named = error instanceof Error && ["RunStoreError", "WebGpuFault"].includes(error.name);
    // Loaded here, not at start-up: --help and --version load nothing heavy.
    const { printDiagnostics } = await import("./render.js");
    const { internalError } = await import("@vaec/dsl");
    printDiagnostics([named && coded ? coded : internalError(error)]);
    if (named && coded) return ExitCode.Failure;
    if (process.env.VAEC_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return ExitCode.Failure;
  }
}

/** A WebGPU fault as its coded diagnostic; the runtime is loaded only when one happened. */
async function webGpuFaultDiagnostic(error: Error): Promise<Diagnostic> {
  const { gpuFault } = await import("@vaec/runtime");
  const { kind, gpuMessage } = error as WebGpuFault;
  return gpuFault(kind, gpuMessage);
}
