import type { Diagnostic, Severity } from "@vaec/compiler";

const NOWHERE = {
  start: { offset: 0, line: 1, column: 1 },
  end: { offset: 0, line: 1, column: 1 },
};

/** A diagnostic about the machine rather than a spec: it points at no source text. */
export function runtimeDiagnostic(
  code: string,
  severity: Severity,
  message: string,
  extra: { help?: string; notes?: string[] } = {},
): Diagnostic {
  return {
    code,
    severity,
    message,
    span: NOWHERE,
    labels: [],
    notes: extra.notes ?? [],
    help: extra.help,
    file: "",
  };
}
