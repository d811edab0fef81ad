import type { Diagnostic, DiagnosticDraft, Severity } from "@vaec/compiler";

/** The span of a diagnostic about the machine rather than a spec: it points at no source text. */
export const NOWHERE = {
  start: { offset: 0, line: 1, column: 1 },
  end: { offset: 0, line: 1, column: 1 },
};

type Extra = { help?: string; notes?: string[] };

/**
 * A diagnostic about the machine rather than a spec, from one of the catalogue's constructors:
 * `runtimeDiagnostic(diag.nonFiniteLoss(NOWHERE, { term, value, step }), { help })`.
 */
export function runtimeDiagnostic(draft: DiagnosticDraft, extra?: Extra): Diagnostic;
/**
 * @deprecated message text at the call site: add the message to the runtime's catalogue
 * (src/diagnostics/) and call its constructor from diag.ts instead. Kept while call sites migrate.
 */
export function runtimeDiagnostic(
  code: string,
  severity: Severity,
  message: string,
  extra?: Extra,
): Diagnostic;
export function runtimeDiagnostic(
  first: DiagnosticDraft | string,
  second?: Extra | Severity,
  message?: string,
  legacyExtra: Extra = {},
): Diagnostic {
  const draft: DiagnosticDraft =
    typeof first === "string"
      ? { code: first, severity: second as Severity, message: message!, span: NOWHERE }
      : first;
  const extra = (typeof first === "string" ? legacyExtra : second) as Extra | undefined;
  return {
    code: draft.code,
    severity: draft.severity,
    message: draft.message,
    span: NOWHERE,
    labels: [],
    notes: extra?.notes ?? [],
    help: extra?.help,
    file: "",
  };
}
