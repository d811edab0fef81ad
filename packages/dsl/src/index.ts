export type * from "./ast.js";
export type { Position, Span, SourceFile } from "./span.js";
export type { Diagnostic, Label, Result, Severity } from "./diagnostics/diagnostic.js";
export { hasErrors } from "./diagnostics/diagnostic.js";
