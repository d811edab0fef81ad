import { linter, type Diagnostic as LintDiagnostic } from "@codemirror/lint";
import type { Text } from "@codemirror/state";
import type { Diagnostic } from "@vaec/compiler";
import type { SpecAnalysis } from "../compile/analyse-spec.js";
import { renderDiagnosticTooltip } from "./diagnostic-tooltip.js";

/*
 * Inline diagnostics as you type: @codemirror/lint asks for them shortly after each edit, the
 * compile worker checks the text with the real compiler, and each diagnostic is underlined at
 * its span with its code in the message. `onAnalysis` hands the same analysis to the live views,
 * so the page compiles each version of the text once.
 */

/** A compiler diagnostic at its place in the editor's document. */
export function toLintDiagnostic(d: Diagnostic, doc: Text): LintDiagnostic {
  const clamp = (offset: number) => Math.max(0, Math.min(offset, doc.length));
  const from = clamp(d.span.start.offset);
  let to = clamp(d.span.end.offset);
  // An empty span (an unexpected end of input) still needs a character to underline.
  if (to <= from) to = Math.min(doc.length, from + 1);
  return {
    from: to <= from ? Math.max(0, from - 1) : from,
    to,
    severity: d.severity === "note" ? "info" : d.severity,
    source: d.code,
    message: `${d.code}: ${d.message}${d.help ? `\nhelp: ${d.help}` : ""}`,
    renderMessage: () => renderDiagnosticTooltip(d),
  };
}

export function vaeLinter(
  analyse: (text: string) => Promise<SpecAnalysis>,
  onAnalysis: (text: string, analysis: SpecAnalysis) => void,
) {
  return linter(
    async (view) => {
      const text = view.state.doc.toString();
      const analysis = await analyse(text);
      // The text may have changed while the worker ran; the linter asks again then.
      onAnalysis(text, analysis);
      return analysis.diagnostics.map((d) => toLintDiagnostic(d, view.state.doc));
    },
    { delay: 300 },
  );
}
