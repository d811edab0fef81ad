import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands/index.js";
import { ExitCode } from "./exit-code.js";
import { version } from "./version.js";

/** Builds the `vaec` program. Each command lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command("vaec")
    .description(
      "Write a variational autoencoder as a small spec (.vae), then check, compile, train,\n" +
        "attack and study it. Start with `vaec run examples/seatbelt.vae`.",
    )
    .version(version, "-V, --version")
    .showHelpAfterError("(run `vaec --help` or `vaec <command> --help` for usage)")
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 diagnostics or failure, 2 usage. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
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
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `error[VAE900]: internal error: ${message}\n` +
        "help: this is a bug in vaec; please report it with the spec and the command you ran\n",
    );
    if (process.env.VAEC_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return ExitCode.Failure;
  }
}
