import type { Diagnostic } from "./diagnostic.js";

/** Diagnostics as plain JSON objects for `--format json`: the same data the renderer shows. */
export function diagnosticsToJson(diagnostics: readonly Diagnostic[]): object[] {
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.file,
    span: d.span,
    ...(d.primaryLabel !== undefined ? { primaryLabel: d.primaryLabel } : {}),
    labels: d.labels.map((label) => ({ span: label.span, message: label.message })),
    notes: [...d.notes],
    ...(d.help !== undefined ? { help: d.help } : {}),
  }));
}
