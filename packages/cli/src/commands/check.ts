import { totalmem } from "node:os";
import type { Command } from "commander";
import { checkSource } from "@vaec/compiler";
import type { Diagnostic } from "@vaec/dsl";
import { ExitCode } from "../exit-code.js";
import { setJsonResult, withJsonOutput } from "../json-output.js";
import { plural, printDiagnostics } from "../render.js";
import { readSpec } from "../read-spec.js";
import { parseSetOptions } from "./compile.js";

interface CheckOptions {
  json?: boolean;
  format: string;
  set: string[];
}

export function register(program: Command): void {
  program
    .command("check")
    .summary("check specs for errors without compiling or training")
    .description(
      "Parse and check each spec: syntax, names, the model graph, shapes,\n" +
        "distributions, penalties and settings. Problems are printed rustc-style\n" +
        "with the source line and a hint; `vaec explain CODE` tells more about a\n" +
        "code. Exits 1 if any spec has an error (warnings do not fail).\n\n" +
        "Examples:\n" +
        "  vaec check examples/*.vae\n" +
        "  vaec check model.vae --set beta=4\n" +
        "  vaec check model.vae --json           diagnostics and counts as JSON on stdout\n\n" +
        "Prints the diagnostics on stderr and a summary line; with --json, one JSON document\n" +
        "on stdout: { ok, command, result: { files: [{ path, read, errors, warnings }],\n" +
        "errors, warnings }, diagnostics } (docs/cli-json.md).",
    )
    .argument("<files...>", "the .vae specs")
    .option("--json", "print one JSON document on stdout (docs/cli-json.md)")
    .option("--format <format>", "human, or json (the same as --json)", "human")
    .option(
      "--set <name=value>",
      "override a param (beta=4) or a setting (train.batch=64); repeatable",
      collect,
      [],
    )
    .action(async (files: string[], options: CheckOptions) => {
      process.exitCode = await runCheck(files, options);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** What `vaec check --json` puts in `result`: per file, its error and warning counts. */
export interface CheckResult {
  files: Array<{ path: string; read: boolean; errors: number; warnings: number }>;
  errors: number;
  warnings: number;
}

export async function runCheck(files: readonly string[], options: CheckOptions): Promise<number> {
  if (options.format !== "human" && options.format !== "json") {
    process.stderr.write(`error: \`--format ${options.format}\` is not one of human, json\n`);
    return ExitCode.Usage;
  }
  const json = options.json === true || options.format === "json";
  return withJsonOutput("check", json, () => checkFiles(files, options.set, json));
}

async function checkFiles(files: readonly string[], setEntries: string[], json: boolean) {
  const set = parseSetOptions(setEntries);
  if (typeof set === "string") {
    process.stderr.write(`error: \`--set ${set}\` is not of the form name=value\n`);
    return ExitCode.Usage;
  }
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const result: CheckResult = { files: [], errors: 0, warnings: 0 };
  for (const file of files) {
    const read = await readSpec(file);
    const found =
      "diagnostic" in read
        ? [read.diagnostic]
        : checkSource({ path: file, text: read.text }, { set, machineMemory: totalmem() });
    if ("text" in read) sources.set(file, read.text);
    const errors = found.filter((d) => d.severity === "error").length;
    const warnings = found.filter((d) => d.severity === "warning").length;
    result.files.push({ path: file, read: "text" in read, errors, warnings });
    result.errors += errors;
    result.warnings += warnings;
    // A loop, not push(...found): a spread of 100k diagnostics overflows the call stack.
    for (const d of found) diagnostics.push(d);
  }
  printDiagnostics(diagnostics, sources);
  setJsonResult(result);
  if (!json) {
    const failed = result.files.filter((f) => f.errors > 0).length;
    const summary =
      result.errors > 0
        ? `${plural(result.errors, "error")} in ${failed} of ${plural(files.length, "file")}`
        : `${plural(sources.size, "file")} checked: no errors`;
    const warned = result.warnings > 0 ? `, ${plural(result.warnings, "warning")}` : "";
    const stream = result.errors > 0 ? process.stderr : process.stdout;
    stream.write(`${summary}${warned}\n`);
  }
  return result.errors > 0 ? ExitCode.Failure : ExitCode.Ok;
}
