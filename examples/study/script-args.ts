/*
 * The command line of the study's scripts: node's parseArgs, `--help`, and every mistake (an
 * unknown flag, a missing value) said in one line with the usage, never as a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** Prints the message and the usage, and exits with 1. */
export function failure(usage: string): (message: string) => never {
  return (message) => {
    process.stderr.write(`${message}\n\n${usage}\n`);
    process.exit(1);
  };
}

export function scriptArgs<const T extends NonNullable<ParseArgsConfig["options"]>>(
  usage: string,
  options: T,
) {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  try {
    return parseArgs<{ args: string[]; allowPositionals: true; options: T }>({
      args,
      allowPositionals: true,
      options,
    });
  } catch (error) {
    return failure(usage)(`error: ${(error as Error).message}`);
  }
}
