import fs from "node:fs";
import pc from "picocolors";
import { renderDiagnostics, type Diagnostic, type SourceLookup } from "@vaec/dsl";
import { collectDiagnostics } from "./json-output.js";

/*
 * How every command shows diagnostics: rustc-style text on stderr, coloured when stderr is a
 * terminal (and NO_COLOR is unset); under `--json`, in the command's JSON document
 * (json-output.ts).
 */

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

/** Renders diagnostics on stderr; under `--json` they go into the command's document instead. */
export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: SourceLookup = new Map(),
): void {
  if (collectDiagnostics(diagnostics)) return;
  if (diagnostics.length > 0)
    process.stderr.write(formatDiagnostics(diagnostics, withDiskFallback(sources)));
}

/** "1 error", "2 warnings". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
