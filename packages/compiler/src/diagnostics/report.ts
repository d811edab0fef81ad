import type { Diagnostic, Label, Span } from "@vaec/dsl";
import { CODES } from "./codes.js";

export interface ReportExtra {
  /** Printed under the carets of the primary span. */
  label?: string;
  /** Secondary places that conspire in the problem. */
  labels?: Label[];
  notes?: string[];
  help?: string;
  /** Report against another file than the spec (`COMMAND_LINE` for `--set` problems). */
  file?: string;
}

/** Collects the diagnostics of one file; every pass reports through one of these. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly file: string) {}

  /** Reports `code` at `span`; the severity comes from the code's catalogue entry. */
  report(code: keyof typeof CODES, span: Span, message: string, extra: ReportExtra = {}): void {
    const diagnostic: Diagnostic = {
      code,
      severity: CODES[code].severity,
      message,
      span,
      labels: extra.labels ?? [],
      notes: extra.notes ?? [],
      file: extra.file ?? this.file,
    };
    if (extra.label !== undefined) diagnostic.primaryLabel = extra.label;
    if (extra.help !== undefined) diagnostic.help = extra.help;
    this.diagnostics.push(diagnostic);
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === "error").length;
  }
}

/** The file name of diagnostics about the command line rather than the spec. */
export const COMMAND_LINE = "<command line>";

/** An empty span at the start of the file: for problems with no better place (`--set`). */
export const START_SPAN: Span = {
  start: { offset: 0, line: 1, column: 1 },
  end: { offset: 0, line: 1, column: 1 },
};
