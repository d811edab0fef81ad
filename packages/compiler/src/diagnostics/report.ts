import type { Diagnostic, DiagnosticDraft, Label, Span } from "@vaec/dsl";

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

  /**
   * Reports a diagnostic built by one of the catalogue's constructors (diag.ts), with the
   * place-specific label, notes and help. There is no way to pass message text here: a new
   * message is added to the catalogue.
   */
  report(draft: DiagnosticDraft, extra: ReportExtra = {}): void {
    const diagnostic: Diagnostic = {
      code: draft.code,
      severity: draft.severity,
      message: draft.message,
      span: draft.span,
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
