export type * from "./ir.js";
export { IR_VERSION } from "./ir.js";
export { MAX_GRID_POINTS } from "./checks/check-sweeps.js";
export { HELD_OUT_DEFAULT, MIN_SPRITE_SIDE, spriteSide } from "./checks/check-settings.js";
export { gridFileName } from "./checks/read-grid-axes.js";
export type { Diagnostic, Label, Result, Severity, Span } from "@vaec/dsl";
/** The diagnostics catalogue's format, for the runtime's own codes and the docs generator. */
export {
  codeTable,
  constructors,
  defineCatalogue,
  internalError,
  docPage as catalogueDocPage,
  renderDiagnostics,
  SYNTAX_CATALOGUE,
} from "@vaec/dsl";
export type { Catalogue, CatalogueEntry, DiagnosticDraft } from "@vaec/dsl";
export * from "./diagram/index.js";
export {
  compileSource,
  compileProgram,
  checkSource,
  type CompileOptions,
  type Compiled,
} from "./compile.js";
export { hashModel } from "./lower/lower-model.js";
export {
  explainModel,
  explanationSections,
  type ExplainOptions,
  type ExplanationSection,
} from "./objectives/explain.js";
export {
  deriveObjectives,
  type ModelObjectives,
  type Derivation,
  type Term,
} from "./objectives/derive-objectives.js";
export { renderText } from "./objectives/render-text.js";
export { renderLatex } from "./objectives/render-latex.js";
export type { MathExpr } from "./objectives/math.js";
export { summariseModel, type ModelSummary } from "./summarise-model.js";
/** The compiler's diagnostics catalogue (VAE1xx-VAE4xx), for the docs generator and tests. */
export { CODES as SEMANTIC_CODES } from "./diagnostics/codes.js";
