import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { checkSource } from "@vaec/compiler";
import type { Diagnostic } from "@vaec/dsl";
import { ExitCode } from "../exit-code.js";
import { isDiagnosticFormat, plural, printDiagnostics, type DiagnosticFormat } from "../render.js";
import { parseSetOptions } from "./compile.js";

interface CheckOptions {
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
        "  vaec check model.vae --format json    diagnostics as JSON on stdout",
    )
    .argument("<files...>", "the .vae specs")
    .option("--format <format>", "how to print diagnostics: human or json", "human")
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

export async function runCheck(files: readonly string[], options: CheckOptions): Promise<number> {
  if (!isDiagnosticFormat(options.format)) {
    process.stderr.write(`error: \`--format ${options.format}\` is not one of human, json\n`);
    return ExitCode.Usage;
  }
  const format: DiagnosticFormat = options.format;
  const set = parseSetOptions(options.set);
  if (typeof set === "string") {
    process.stderr.write(`error: \`--set ${set}\` is not of the form name=value\n`);
    return ExitCode.Usage;
  }
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  let unreadable = 0;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      process.stderr.write(
        `error: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
      );
      unreadable++;
      continue;
    }
    sources.set(file, text);
    diagnostics.push(...checkSource({ path: file, text }, { set }));
  }
  printDiagnostics(diagnostics, sources, format);
  const errors = diagnostics.filter((d) => d.severity === "error");
  const warnings = diagnostics.filter((d) => d.severity === "warning");
  if (format === "human") {
    const failed = new Set(errors.map((d) => d.file)).size;
    const summary =
      errors.length > 0
        ? `${plural(errors.length, "error")} in ${failed} of ${plural(files.length, "file")}`
        : `${plural(sources.size, "file")} checked: no errors`;
    const warned = warnings.length > 0 ? `, ${plural(warnings.length, "warning")}` : "";
    const stream = errors.length > 0 || unreadable > 0 ? process.stderr : process.stdout;
    stream.write(`${summary}${warned}\n`);
  }
  return errors.length > 0 || unreadable > 0 ? ExitCode.Failure : ExitCode.Ok;
}
