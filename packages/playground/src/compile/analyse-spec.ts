import {
  compileSource,
  explanationSections,
  renderDiagramSvg,
  renderLatex,
  summariseModel,
  type Diagnostic,
  type ModelIR,
  type ModelSummary,
} from "@vaec/compiler";

/*
 * Everything the page shows about a spec, from the real compiler: its diagnostics, and when it
 * compiles, the IR (what the page trains), the model family, the objectives as LaTeX and the
 * plate diagram (the same Graphviz-in-WebAssembly renderer as `vaec diagram`). Plain data, so it
 * crosses from the compile worker to the page with postMessage.
 */

export interface ObjectiveLatex {
  title: string;
  intro: string;
  equation: string;
  terms: Array<{ latex: string; account: string }>;
}

export interface SpecAnalysis {
  diagnostics: Diagnostic[];
  ir?: ModelIR;
  summary?: ModelSummary;
  objectives?: ObjectiveLatex[];
  diagramSvg?: string;
  /** Why the diagram could not be drawn, when it could not. */
  diagramError?: string;
}

export const SPEC_PATH = "playground.vae";

export async function analyseSpec(text: string): Promise<SpecAnalysis> {
  const compiled = compileSource({ path: SPEC_PATH, text });
  const diagnostics = compiled.diagnostics;
  if (!compiled.result) return { diagnostics };
  const ir = compiled.result.ir;
  const objectives = explanationSections(ir).map((s) => ({
    title: s.title,
    intro: s.intro,
    equation: renderLatex(s.derivation.equation),
    terms: s.derivation.terms.map((t) => ({ latex: renderLatex(t.expr), account: t.account })),
  }));
  let diagramSvg: string | undefined;
  let diagramError: string | undefined;
  try {
    diagramSvg = await renderDiagramSvg(ir);
  } catch (error) {
    diagramError = error instanceof Error ? error.message : String(error);
  }
  return { diagnostics, ir, summary: summariseModel(ir), objectives, diagramSvg, diagramError };
}
