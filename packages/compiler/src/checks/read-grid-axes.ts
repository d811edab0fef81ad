import { parse, type SweepDecl } from "@vaec/dsl";
import type { Reporter } from "../diagnostics/report.js";

/** A `--grid` flag's axes and the name its diagnostics are reported under. */
export interface GridDecl {
  decl: SweepDecl;
  /** `--grid <text>`: the CLI renders these diagnostics against `sweep <text>`. */
  file: string;
}

/**
 * `vaec sweep --grid "train.seed in [1, 2, 3]"`: each flag is read by the real parser as the rest
 * of a `sweep` line, so the command line and the spec share one grammar (and a malformed flag gets
 * the parser's own syntax diagnostics, against the flag's text).
 */
export function readGridAxes(grid: readonly string[], reporter: Reporter): GridDecl[] {
  const decls: GridDecl[] = [];
  for (const text of grid) {
    const file = gridFileName(text);
    const parsed = parse({ path: file, text: `sweep ${text}` });
    reporter.diagnostics.push(...parsed.diagnostics);
    for (const item of parsed.result?.items ?? []) {
      if (item.kind === "SweepDecl") decls.push({ decl: item, file });
    }
  }
  return decls;
}

/** The file name of a `--grid` flag's diagnostics; its source text is `sweep <text>`. */
export function gridFileName(text: string): string {
  return `--grid ${text}`;
}
