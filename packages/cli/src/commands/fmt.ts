import { chmod, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { hasErrors, parse, renderDiagnostics, type Diagnostic } from "@vaec/dsl";
import { ExitCode } from "../exit-code.js";

interface FmtOptions {
  check?: boolean;
}

/** What happened to one file. */
type Outcome =
  | { kind: "unchanged" }
  | { kind: "formatted" }
  | { kind: "unformatted" }
  | { kind: "invalid"; diagnostics: Diagnostic[]; text: string }
  | { kind: "unreadable"; message: string };

export function register(program: Command): void {
  program
    .command("fmt")
    .summary("format .vae specs in place")
    .description(
      "Rewrite each spec in the canonical layout, the same as `prettier --write` with\n" +
        "prettier-plugin-vae: two-space indents, `=` aligned across consecutive factors,\n" +
        "comments and blank lines kept, numbers exactly as written. A spec with syntax\n" +
        "errors is left untouched and its errors are shown.\n\n" +
        "Examples:\n" +
        "  vaec fmt examples/*.vae          rewrite the examples in place\n" +
        "  vaec fmt --check examples/*.vae  list unformatted specs; exit 1 if any",
    )
    .argument("<files...>", "spec files to format")
    .option("--check", "do not write: list the files that are not formatted and exit 1 if any")
    .action(async (files: string[], options: FmtOptions) => {
      process.exitCode = await runFmt(files, options);
    });
}

async function runFmt(files: string[], options: FmtOptions): Promise<number> {
  const color = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
  let failed = 0;
  let unformatted = 0;
  let formatted = 0;
  for (const file of files) {
    const outcome = await formatFile(file, options.check === true);
    switch (outcome.kind) {
      case "unchanged":
        break;
      case "formatted":
        formatted += 1;
        process.stdout.write(`formatted ${file}\n`);
        break;
      case "unformatted":
        unformatted += 1;
        process.stdout.write(`${file}\n`);
        break;
      case "invalid":
        failed += 1;
        process.stderr.write(
          renderDiagnostics(outcome.diagnostics, new Map([[file, outcome.text]]), { color }),
        );
        break;
      case "unreadable":
        failed += 1;
        process.stderr.write(`error: cannot read \`${file}\`: ${outcome.message}\n`);
        break;
    }
  }
  if (options.check && unformatted > 0) {
    process.stderr.write(
      `${plural(unformatted, "spec")} not formatted; run \`vaec fmt\` on ${unformatted === 1 ? "it" : "them"} to fix\n`,
    );
  } else if (options.check && failed === 0) {
    process.stderr.write(`${plural(files.length, "spec")} checked: all formatted\n`);
  } else if (!options.check && formatted > 0) {
    process.stderr.write(`${plural(formatted, "spec")} formatted\n`);
  }
  return failed > 0 || unformatted > 0 ? ExitCode.Failure : ExitCode.Ok;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Formats one spec with prettier and the .vae plugin, honouring any prettier config beside it. */
async function formatFile(file: string, check: boolean): Promise<Outcome> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return { kind: "unreadable", message: describeReadError(error) };
  }
  // Parse first, so syntax errors are shown as vaec diagnostics rather than prettier's.
  const { diagnostics } = parse({ path: file, text });
  if (hasErrors(diagnostics)) return { kind: "invalid", diagnostics, text };

  // Loaded here, not at start-up: prettier costs every other command ~150 ms for nothing.
  const { format, resolveConfig } = await import("prettier");
  // By absolute path, so prettier finds the plugin whatever the working directory.
  const pluginPath = fileURLToPath(import.meta.resolve("prettier-plugin-vae"));
  const config = (await resolveConfig(file, { editorconfig: true })) ?? {};
  const output = await format(text, {
    ...config,
    filepath: file,
    parser: "vae",
    plugins: [pluginPath],
  });
  if (output === text) return { kind: "unchanged" };
  if (check) return { kind: "unformatted" };
  await writeAtomically(file, output);
  return { kind: "formatted" };
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory (give the .vae files, e.g. `dir/*.vae`)";
  if (code === "EACCES") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

/** Writes beside the file, then renames over it: an interrupted run never leaves half a spec. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, text, "utf8");
    await chmod(temp, (await stat(file)).mode);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
