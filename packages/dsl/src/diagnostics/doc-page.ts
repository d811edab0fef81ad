import type { CatalogueEntry } from "./catalogue.js";

/*
 * The format of a diagnostic's page, docs/diagnostics/<code>.md (described in
 * docs/diagnostics/README.md): a `# <code>: <title>` heading, a `Severity:` line, an explanation,
 * `## Example` with a failing spec in a ```vae block followed by what `vaec check` reports in a
 * ```text block (or a transcript), and `## Fix`. Pages are generated from the catalogue
 * (`docPage`); `readDocPage` reads one back (for `vaec explain` and the tests).
 */

export interface DocPage {
  code: string;
  title: string;
  /** The first ```vae block under `## Example`. */
  example?: string;
  /** The ```text block that follows it: the rendered diagnostics. */
  output?: string;
  /** The first ```vae block under `## Fix`, if the fix is shown as a spec. */
  fix?: string;
  sections: string[];
}

export function readDocPage(markdown: string): DocPage | undefined {
  const heading = /^# (VAE\d{3}): (.+)$/m.exec(markdown.split(/\r?\n/, 1)[0] ?? "");
  if (!heading) return undefined;
  const sections = [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim());
  const example = section(markdown, "Example");
  const fix = section(markdown, "Fix");
  const page: DocPage = { code: heading[1], title: heading[2].trim(), sections };
  const exampleBlock = example && firstBlock(example, "vae");
  if (exampleBlock) {
    page.example = exampleBlock.text;
    const rest = example.slice(exampleBlock.end);
    const output = firstBlock(rest, "text");
    if (output) page.output = output.text;
  }
  const fixBlock = fix && firstBlock(fix, "vae");
  if (fixBlock) page.fix = fixBlock.text;
  return page;
}

function section(markdown: string, name: string): string | undefined {
  const match = new RegExp(`^## ${name}\\s*$`, "m").exec(markdown);
  if (!match) return undefined;
  const rest = markdown.slice(match.index + match[0].length);
  const next = rest.search(/^## /m);
  return next < 0 ? rest : rest.slice(0, next);
}

function firstBlock(text: string, language: string): { text: string; end: number } | undefined {
  const match = new RegExp("^```" + language + "[ \\t]*\\r?\\n([\\s\\S]*?)^```[ \\t]*$", "m").exec(
    text,
  );
  if (!match) return undefined;
  return { text: match[1], end: match.index + match[0].length };
}

/** The command a spec example is checked with, as its page shows it. */
export function exampleCommand(set: Readonly<Record<string, string>> = {}): string {
  const sets = Object.entries(set).map(([k, v]) => ` --set ${k}=${v}`);
  return `vaec check example.vae${sets.join("")}`;
}

/**
 * The page docs/diagnostics/<code>.md of a catalogue entry. `output` is what `vaec check`
 * prints for a spec example (saved as example.vae); the caller renders it, since only the
 * compiler can check a spec past its syntax.
 */
export function docPage(code: string, entry: CatalogueEntry, output?: string): string {
  const { example } = entry;
  let shown: string;
  if ("spec" in example) {
    if (output === undefined)
      throw new Error(`${code}: the page of a spec example needs its output`);
    shown = [
      "```vae",
      example.spec.trimEnd(),
      "```",
      "",
      `\`${exampleCommand(example.set)}\` reports:`,
      "",
      "```text",
      output.trimEnd(),
      "```",
    ].join("\n");
  } else {
    shown = example.shown.trim();
  }
  return [
    `# ${code}: ${entry.title}`,
    "",
    `Severity: ${entry.severity}.`,
    "",
    "## Explanation",
    "",
    entry.explanation.trim(),
    "",
    "## Example",
    "",
    shown,
    "",
    "## Fix",
    "",
    entry.fix.trim(),
    "",
  ].join("\n");
}

/** A markdown table of codes and titles, linking each page (the index in the README). */
export function codeTable(entries: ReadonlyArray<readonly [string, CatalogueEntry]>): string {
  const rows = entries.map(([code, entry]) => [
    `[${code}](${code}.md)`,
    entry.severity,
    entry.title,
  ]);
  const header = ["code", "severity", "title"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
