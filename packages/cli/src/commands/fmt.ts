import { chmod, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { hasErrors, parse, type Diagnostic } from "@vaec/dsl";
import { ExitCode } from "../exit-code.js";
import { jsonOutput, setJsonResult, withJsonOutput } from "../json-output.js";
import { printDiagnostics } from "../render.js";
import { readSpec } from "../read-spec.js";

interface FmtOptions {
  check?: boolean;
  json?: boolean;
}

/** What happened to one file. */
type Outcome =
  | { kind: "unchanged" }
  | { kind: "formatted" }
  | { kind: "unformatted" }
  | { kind: "invalid"; diagnostics: Diagnostic[]; text: string }
  | { kind: "unreadable"; diagnostic: Diagnostic };

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
        "  vaec fmt --check examples/*.vae  list unformatted specs; exit 1 if any\n\n" +
        "Prints the files it formatted (with --check, the files not formatted) on stdout;\n" +
        "with --json, one JSON document on stdout: { ok, command, result: { files: [{ path,\n" +
        "status }] }, diagnostics }, status being unchanged, formatted, unformatted, invalid\n" +
        "or unreadable (docs/cli-json.md).",
    )
    .argument("<files...>", "spec files to format")
    .option("--check", "do not write: list the files that are not formatted and exit 1 if any")
    .option("--json", "print one JSON document on stdout (docs/cli-json.md)")
    .action(async (files: string[], options: FmtOptions) => {
      process.exitCode = await withJsonOutput("fmt", options.json, () => runFmt(files, options));
    });
}

async function runFmt(files: string[], options: FmtOptions): Promise<number> {
  const human = !jsonOutput();
  const statuses: Array<{ path: string; status: Outcome["kind"] }> = [];
  let failed = 0;
  let unformatted = 0;
  let formatted = 0;
  for (const file of files) {
    const outcome = await formatFile(file, options.check === true);
    statuses.push({ path: file, status: outcome.kind });
    switch (outcome.kind) {
      case "unchanged":
        break;
      case "formatted":
        formatted += 1;
        if (human) process.stdout.write(`formatted ${file}\n`);
        break;
      case "unformatted":
        unformatted += 1;
        if (human) process.stdout.write(`${file}\n`);
        break;
      case "invalid":
        failed += 1;
        printDiagnostics(outcome.diagnostics, new Map([[file, outcome.text]]));
        break;
      case "unreadable":
        failed += 1;
        printDiagnostics([outcome.diagnostic]);
        break;
    }
  }
  setJsonResult({ files: statuses });
  if (human) {
    if (options.check && unformatted > 0) {
      process.stderr.write(
        `${plural(unformatted, "spec")} not formatted; run \`vaec fmt\` on ${unformatted === 1 ? "it" : "them"} to fix\n`,
      );
    } else if (options.check && failed === 0) {
      process.stderr.write(`${plural(files.length, "spec")} checked: all formatted\n`);
    } else if (!options.check && formatted > 0) {
      process.stderr.write(`${plural(formatted, "spec")} formatted\n`);
    }
  }
  return failed > 0 || unformatted > 0 ? ExitCode.Failure : ExitCode.Ok;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Formats one spec with prettier and the .vae plugin, honouring any prettier config beside it. */
async function formatFile(file: string, check: boolean): Promise<Outcome> {
  const read = await readSpec(file);
  if ("diagnostic" in read) return { kind: "unreadable", diagnostic: read.diagnostic };
  const text = read.text;
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
