import fs from "node:fs";
import pc from "picocolors";
import {
  diagnosticsToJson,
  renderDiagnostics,
  type Diagnostic,
  type SourceLookup,
} from "@vaec/dsl";

/*
 * How every command shows diagnostics: rustc-style text on stderr, coloured when stderr is a
 * terminal (and NO_COLOR is unset), or JSON on stdout for `--format json`.
 */

export type DiagnosticFormat = "human" | "json";

export function isDiagnosticFormat(value: string): value is DiagnosticFormat {
  return value === "human" || value === "json";
}

export function useColor(stream: NodeJS.WriteStream = process.stderr): boolean {
  return pc.isColorSupported && Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

/** Renders for people; `color` defaults to what stderr supports. */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: SourceLookup,
  color = useColor(),
): string {
  return renderDiagnostics(diagnostics, sources, { color });
}

/** Sources the caller has in memory first, then the files on disk (runtime diagnostics point
 * at the spec or data files by path). */
function withDiskFallback(sources: SourceLookup): (path: string) => string | undefined {
  return (path) => {
    const known = typeof sources === "function" ? sources(path) : sources.get(path);
    if (known !== undefined) return known;
    return path !== "" && fs.existsSync(path) ? fs.readFileSync(path, "utf8") : undefined;
  };
}

export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: SourceLookup = new Map(),
  format: DiagnosticFormat = "human",
): void {
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(diagnosticsToJson(diagnostics), null, 2)}\n`);
    return;
  }
  if (diagnostics.length > 0)
    process.stderr.write(formatDiagnostics(diagnostics, withDiskFallback(sources)));
}

/** "1 error", "2 warnings". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
