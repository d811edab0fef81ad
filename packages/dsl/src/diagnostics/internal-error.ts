import { diagnostic } from "./define.js";
import type { Diagnostic } from "./diagnostic.js";
import { SYNTAX } from "./syntax-codes.js";

/*
 * VAE900, the one diagnostic for vaec's own failures, built in one place for every stage that
 * catches an exception (the parser, the compiler, the CLI's JSON output, a study's child process,
 * the prettier plugin), so they all say the same thing.
 */

const FILE_START = { offset: 0, line: 1, column: 1 };

/** VAE900 for an exception that escaped a stage: its message, and its stack's first lines as
 * notes when `withStack` (a child process's only way to show where it failed). */
export function internalError(
  error: unknown,
  options: { file?: string; withStack?: boolean } = {},
): Diagnostic {
  const detail = error instanceof Error ? error.message : String(error);
  const builder = diagnostic(
    SYNTAX.internalError,
    options.file ?? "",
    { start: FILE_START, end: FILE_START },
    { detail },
  ).withHelp("this is a bug in vaec; please report it with the spec and the command you ran");
  if (options.withStack && error instanceof Error && error.stack)
    for (const line of error.stack.split("\n").slice(1, 6)) builder.withNote(line.trim());
  return builder.build();
}
