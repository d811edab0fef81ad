export type * from "./ast.js";
export type { Position, Span, SourceFile } from "./span.js";
export type { Diagnostic, Label, Result, Severity } from "./diagnostics/diagnostic.js";
export { hasErrors } from "./diagnostics/diagnostic.js";
export { parse } from "./syntax/parse.js";
export {
  declaredDiagnostics,
  defineDiagnostics,
  diagnostic,
  DiagnosticBuilder,
  fillTemplate,
} from "./diagnostics/define.js";
export type { DiagnosticSpec, TemplateArgs, TemplateHoles } from "./diagnostics/define.js";
export { SYNTAX } from "./diagnostics/syntax-codes.js";
export { didYouMean, joinOr, suggestName } from "./diagnostics/suggest.js";
export { renderDiagnostic, renderDiagnostics } from "./diagnostics/render.js";
export type { RenderOptions, SourceLookup } from "./diagnostics/render.js";
export { diagnosticsToJson } from "./diagnostics/json.js";
export { readNumber } from "./syntax/number.js";
export { readString } from "./syntax/string.js";
/** The reserved words of the language (they cannot name a variable). */
export { KEYWORDS } from "./syntax/keywords.js";
export { walkAst } from "./syntax/ast-walk.js";
