export type * from "./ast.js";
export type { Position, Span, SourceFile } from "./span.js";
export type { Diagnostic, Label, Result, Severity } from "./diagnostics/diagnostic.js";
export { hasErrors } from "./diagnostics/diagnostic.js";
export { parse } from "./syntax/parse.js";
/** The lexer alone (the playground highlights a spec from its tokens). */
export { lex, type LexResult } from "./syntax/lexer.js";
export { diagnostic, DiagnosticBuilder, fillTemplate } from "./diagnostics/define.js";
export type { DiagnosticSpec, TemplateArgs, TemplateHoles } from "./diagnostics/define.js";
export { SYNTAX, SYNTAX_CATALOGUE } from "./diagnostics/syntax-codes.js";
export { constructors, defineCatalogue, messageSpecs } from "./diagnostics/catalogue.js";
export type {
  Catalogue,
  CatalogueEntry,
  CatalogueExample,
  Constructors,
  DiagnosticDraft,
  MessageSpecs,
} from "./diagnostics/catalogue.js";
export { codeTable, docPage, exampleCommand, readDocPage } from "./diagnostics/doc-page.js";
export { didYouMean, joinOr, suggestName } from "./diagnostics/suggest.js";
export { renderDiagnostic, renderDiagnostics } from "./diagnostics/render.js";
export type { RenderOptions, SourceLookup } from "./diagnostics/render.js";
export { diagnosticsToJson } from "./diagnostics/json.js";
export { internalError } from "./diagnostics/internal-error.js";
export { readNumber } from "./syntax/number.js";
export { readString } from "./syntax/string.js";
/** The reserved words of the language (they cannot name a variable). */
export { KEYWORDS } from "./syntax/keywords.js";
export { walkAst } from "./syntax/ast-walk.js";
