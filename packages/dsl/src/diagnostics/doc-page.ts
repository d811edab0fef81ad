import { parse } from "../syntax/parse.js";
import { renderDiagnostics } from "./render.js";

/*
 * The format of a diagnostic's page, docs/diagnostics/<code>.md (described in
 * docs/diagnostics/README.md): a `# <code>: <title>` heading, a `Severity:` line, an explanation,
 * `## Example` with a failing spec in a ```vae block followed by what `vaec check` reports in a
 * ```text block, and `## Fix`.
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

/** What `vaec check example.vae` prints for a syntax example (the ```text block of its page). */
export function renderSyntaxExample(example: string): string {
  const path = "example.vae";
  const { diagnostics } = parse({ path, text: example });
  return renderDiagnostics(diagnostics, new Map([[path, example]]), { color: false });
}

export const OUTPUT_INTRO = "`vaec check example.vae` reports:";

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

/** The page with the ```text block after the example replaced by (or given) `output`. */
export function withExampleOutput(markdown: string, output: string): string {
  const start = markdown.search(/^## Example\s*$/m);
  if (start < 0) return markdown;
  const rest = markdown.slice(start);
  const block = firstBlock(rest, "vae");
  if (!block) return markdown;
  const afterExample = start + block.end;
  const nextSection = markdown.slice(afterExample).search(/^## /m);
  const sectionEnd = nextSection < 0 ? markdown.length : afterExample + nextSection;
  const fresh = `\n\n${OUTPUT_INTRO}\n\n\`\`\`text\n${output.trimEnd()}\n\`\`\`\n\n`;
  return markdown.slice(0, afterExample) + fresh + markdown.slice(sectionEnd).replace(/^\n+/, "");
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
