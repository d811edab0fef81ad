import { createColors } from "picocolors";
import type { Diagnostic, Severity } from "./diagnostic.js";
import { displayColumn, displayLine } from "./display-width.js";

/*
 * rustc-style rendering (docs/design.md section 1):
 *
 *   error[VAE011]: expected `)` to close `p(` opened at 4:3, found `=`
 *    --> model.vae:4:11
 *     |
 *   4 |   p(x | z = Normal(mlp[64])
 *     |   --      ^ expected `)`
 *     |   |
 *     |   opened here
 *     = note: ...
 *   help: ...
 */

export interface RenderOptions {
  /** ANSI colours (the CLI decides from the terminal). Off by default. */
  color?: boolean;
}

export type SourceLookup = Map<string, string> | ((path: string) => string | undefined);

/** Renders diagnostics for people, each followed by a blank line; "" for none. */
export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: SourceLookup,
  options: RenderOptions = {},
): string {
  const lookup = typeof sources === "function" ? sources : (path: string) => sources.get(path);
  return diagnostics
    .map((d) => `${renderDiagnostic(d, safeLookup(lookup, d.file), options)}\n`)
    .join("\n");
}

function safeLookup(
  lookup: (path: string) => string | undefined,
  path: string,
): string | undefined {
  try {
    return lookup(path);
  } catch {
    return undefined;
  }
}

interface Annotation {
  line: number;
  start: number;
  end: number;
  primary: boolean;
  message: string;
}

/** One diagnostic, without a trailing newline. `text` is its file's source, if known. */
export function renderDiagnostic(
  d: Diagnostic,
  text: string | undefined,
  options: RenderOptions = {},
): string {
  const c = createColors(options.color ?? false);
  const severityColor = (s: Severity) =>
    s === "error" ? c.red : s === "warning" ? c.yellow : c.cyan;
  const accent = (s: string) => c.bold(c.blue(s));
  const out: string[] = [];
  out.push(
    `${c.bold(severityColor(d.severity)(`${d.severity}[${d.code}]`))}${c.bold(`: ${d.message}`)}`,
  );

  const lines = text === undefined ? undefined : text.split(/\r\n|\r|\n/);
  const annotations: Annotation[] = [];
  if (lines) {
    annotations.push(annotate(lines, d.span, true, d.primaryLabel ?? ""));
    for (const label of d.labels)
      annotations.push(annotate(lines, label.span, false, label.message));
  }
  const lineNumbers = [...new Set(annotations.map((a) => a.line))].sort((a, b) => a - b);
  const width = Math.max(1, ...lineNumbers.map((n) => String(n).length));
  const pad = " ".repeat(width);
  // Diagnostics about the machine rather than a spec (a missing backend) have no file to point at.
  if (d.file !== "") {
    const location = `${d.file}:${d.span.start.line}:${d.span.start.column}`;
    out.push(`${pad}${accent("-->")} ${location}`);
  }

  if (lines && d.file !== "") {
    const bar = (content = "") =>
      `${pad} ${accent("|")}${content === "" ? "" : ` ${content}`}`.trimEnd();
    out.push(bar());
    for (const n of lineNumbers) {
      const source = displayLine(lines[n - 1] ?? "");
      out.push(
        `${accent(String(n).padStart(width))} ${accent("|")}${source === "" ? "" : ` ${source}`}`.trimEnd(),
      );
      const here = annotations
        .filter((a) => a.line === n)
        .sort((a, b) => a.start - b.start || Number(a.primary) - Number(b.primary));
      for (const row of annotationRows(here, severityColor(d.severity), c.blue)) out.push(bar(row));
    }
  }
  for (const note of d.notes) out.push(`${pad} ${accent("=")} ${c.bold("note")}: ${note}`);
  if (d.help !== undefined) out.push(`${c.bold(c.cyan("help"))}: ${d.help}`);
  return out.join("\n");
}

function annotate(
  lines: string[],
  span: Diagnostic["span"],
  primary: boolean,
  message: string,
): Annotation {
  const line = Math.min(Math.max(1, span.start.line), Math.max(1, lines.length));
  const source = lines[line - 1] ?? "";
  const start = displayColumn(source, span.start.column);
  // A span running onto later lines is underlined to the end of its first line.
  const endColumn = span.end.line === span.start.line ? span.end.column : source.length + 1;
  const end = Math.max(start + 1, displayColumn(source, endColumn));
  return { line, start, end, primary, message };
}

/** The marker row, then rows that hang the other labels' messages off `|` connectors. */
function annotationRows(
  annotations: Annotation[],
  primaryColor: (s: string) => string,
  secondaryColor: (s: string) => string,
): string[] {
  if (annotations.length === 0) return [];
  const markerWidth = Math.max(...annotations.map((a) => a.end));
  const cells: string[] = Array(markerWidth).fill(" ");
  // Secondary first so the primary carets win where they overlap.
  for (const a of [...annotations].sort((x, y) => Number(x.primary) - Number(y.primary))) {
    const mark = a.primary ? primaryColor("^") : secondaryColor("-");
    for (let i = a.start; i < a.end; i++) cells[i] = mark;
  }
  const last = annotations[annotations.length - 1];
  const colour = (a: Annotation) => (a.primary ? primaryColor : secondaryColor);
  const rows = [`${cells.join("")}${last.message ? ` ${colour(last)(last.message)}` : ""}`];
  const hanging = annotations.slice(0, -1).filter((a) => a.message !== "");
  for (let k = hanging.length - 1; k >= 0; k--) {
    const connectors = (upTo: number) => {
      const row: string[] = Array(hanging[upTo].start + 1).fill(" ");
      for (let j = 0; j <= upTo; j++) row[hanging[j].start] = colour(hanging[j])("|");
      return row;
    };
    rows.push(connectors(k).join(""));
    const row = connectors(k).slice(0, hanging[k].start);
    rows.push(`${row.join("")}${colour(hanging[k])(hanging[k].message)}`);
  }
  return rows;
}
