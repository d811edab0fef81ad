export type * from "./ir.js";
export { IR_VERSION } from "./ir.js";
export type { Diagnostic, Label, Result, Severity, Span } from "@vaec/dsl";
export * from "./diagram/index.js";
