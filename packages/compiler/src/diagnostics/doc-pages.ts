import { renderDiagnostics } from "@vaec/dsl";
import { checkSource } from "../compile.js";
import { CODES, EXAMPLE_SETS, type Code } from "./codes.js";

/*
 * The docs page and golden case of each semantic code, generated from the catalogue by
 * scripts/write-diagnostic-docs.ts and compared against the files by tests/compile.test.ts.
 */

/** The path golden cases are compiled under, so rendered output names it the same everywhere. */
export function goldenPath(code: string): string {
  return `tests/golden/err/sem-${code}.vae`;
}

export function renderExample(code: Code): string {
  const path = goldenPath(code);
  const text = CODES[code].example;
  const diagnostics = checkSource({ path, text }, { set: EXAMPLE_SETS[code] ?? {} });
  return renderDiagnostics(diagnostics, new Map([[path, text]]), { color: false });
}

export function docPage(code: Code): string {
  const info = CODES[code];
  const set = EXAMPLE_SETS[code];
  const command = `vaec check example.vae${
    set
      ? Object.entries(set)
          .map(([k, v]) => ` --set ${k}=${v}`)
          .join("")
      : ""
  }`;
  return [
    `# ${code}: ${info.title}`,
    "",
    `Severity: ${info.severity}.`,
    "",
    "## Explanation",
    "",
    info.explanation,
    "",
    "## Example",
    "",
    "```vae",
    info.example.trimEnd(),
    "```",
    "",
    `\`${command}\` reports:`,
    "",
    "```text",
    renderExample(code).trimEnd().replaceAll(goldenPath(code), "example.vae"),
    "```",
    "",
    "## Fix",
    "",
    info.fix,
    "",
  ].join("\n");
}
