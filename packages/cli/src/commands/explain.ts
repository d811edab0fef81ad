import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { didYouMean } from "@vaec/dsl";
import { ExitCode } from "../exit-code.js";
import { explainSpec } from "./explain-spec.js";
import { jsonOutput, setJsonResult, withJsonOutput } from "../json-output.js";

/**
 * The diagnostics pages: the copy the build puts in dist/diagnostics/ (what an installed vaec
 * has), or docs/diagnostics/ of the checkout when running from source.
 */
const PACKAGED_DOCS = fileURLToPath(new URL("../diagnostics/", import.meta.url));
const DOCS = existsSync(PACKAGED_DOCS)
  ? PACKAGED_DOCS
  : fileURLToPath(new URL("../../../../docs/diagnostics/", import.meta.url));

interface ExplainOptions {
  json?: boolean;
  latex?: boolean;
  set: string[];
}

export function register(program: Command): void {
  program
    .command("explain")
    .summary("explain a diagnostic code, or the model and objectives of a spec")
    .description(
      "With a code (VAE011), print its long explanation: what it means, a\n" +
        "failing example and the fix. With a spec file, print its factorisation,\n" +
        "training objective and attack objectives, each term explained.\n\n" +
        "Examples:\n" +
        "  vaec explain VAE011\n" +
        "  vaec explain examples/seatbelt.vae\n" +
        "  vaec explain examples/seatbelt.vae --latex\n\n" +
        "Prints the explanation as text (Markdown for a code); with --json, one JSON document\n" +
        "on stdout: { ok, command, result: { code, text } or { file, model, text }, diagnostics }\n" +
        "(docs/cli-json.md).",
    )
    .argument("<code-or-file>", "a diagnostic code such as VAE011, or a .vae spec")
    .option("--latex", "for a spec: print the objectives as LaTeX")
    .option(
      "--set <name=value>",
      "for a spec: override a param or a setting; repeatable",
      collect,
      [],
    )
    .option("--json", "print one JSON document on stdout (docs/cli-json.md)")
    .action(async (target: string, options: ExplainOptions) => {
      process.exitCode = await withJsonOutput("explain", options.json, async () =>
        /^vae\d+$/i.test(target)
          ? explainCode(target)
          : await explainSpec(target, { latex: options.latex, set: options.set }),
      );
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The code names in docs/diagnostics/, sorted. */
export function documentedCodes(): string[] {
  if (!existsSync(DOCS)) return [];
  return readdirSync(DOCS)
    .filter((name) => /^VAE\d{3}\.md$/.test(name))
    .map((name) => name.slice(0, -3))
    .sort();
}

export function explainCode(input: string): number {
  const code = input.toUpperCase();
  const path = `${DOCS}${code}.md`;
  if (!/^VAE\d{3}$/.test(code) || !existsSync(path)) {
    const hint = didYouMean(code, documentedCodes());
    process.stderr.write(`error: there is no diagnostic \`${code}\`\n`);
    process.stderr.write(
      `help: ${hint ?? "codes look like `VAE011`; docs/diagnostics/README.md lists them all"}\n`,
    );
    return ExitCode.Usage;
  }
  const text = readFileSync(path, "utf8");
  setJsonResult({ code, text });
  if (!jsonOutput()) process.stdout.write(text);
  return ExitCode.Ok;
}
