import type { Diagnostic, DiagnosticDraft } from "@vaec/compiler";

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
export function runtimeDiagnostic(draft: DiagnosticDraft, extra: Extra = {}): Diagnostic {
  return {
    code: draft.code,
    severity: draft.severity,
    message: draft.message,
    span: NOWHERE,
    labels: [],
    notes: extra.notes ?? [],
    help: extra.help,
    file: "",
  };
}
