import { explanationSections, renderLatex, type ModelIR } from "@vaec/compiler";
import { escapeHtml } from "../figures/escape.js";
import { prose } from "./html-parts.js";
import { typeset, typesetEquation } from "./typeset.js";

/*
 * "Derived objectives" as a paper would print them: each part's introduction, its equation
 * typeset from the compiler's LaTeX (MathML, wrapping between terms) and each term with its
 * account in words. The data is plain (LaTeX strings), so the report can be re-rendered from it.
 */

export interface ObjectivePart {
  title: string;
  intro: string;
  /** The equation in LaTeX. */
  equation: string;
  terms: Array<{ latex: string; account: string }>;
}

/** The objectives of `ir` as report data; undefined when they cannot be derived (an old IR). */
export function objectiveParts(ir: ModelIR): ObjectivePart[] | undefined {
  try {
    return explanationSections(ir).map((s) => ({
      title: s.title,
      intro: s.intro,
      equation: renderLatex(s.derivation.equation),
      terms: s.derivation.terms.map((t) => ({ latex: renderLatex(t.expr), account: t.account })),
    }));
  } catch {
    return undefined;
  }
}

export function renderObjectivesSection(
  parts: readonly ObjectivePart[] | undefined,
  fallbackText: string,
): string[] {
  // Without structured objectives (an IR this version cannot explain) the text says why.
  if (!parts) return [`<p>${escapeHtml(fallbackText)}</p>`];
  const out: string[] = [];
  for (const part of parts) {
    out.push(
      `<h3>${escapeHtml(part.title)}</h3>`,
      `<p>${prose(part.intro)}</p>`,
      typesetEquation(part.equation),
      '<ul class="terms">',
      ...part.terms.map((t) => `<li>${typeset(t.latex)}: ${prose(t.account)}</li>`),
      "</ul>",
    );
  }
  return out;
}
