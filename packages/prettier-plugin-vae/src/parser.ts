import {
  hasErrors,
  internalError,
  parse,
  type Diagnostic,
  type Program,
  type SourceFile,
} from "@vaec/dsl";
import type { Parser } from "prettier";

/** What the printer works on: the dsl's Program, with prettier's comment bookkeeping added. */
export type VaeAst = Program;

/** An error prettier shows with a code frame: it reads `loc` (1-based line and column). */
export class VaeSyntaxError extends SyntaxError {
  readonly loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    const first =
      errors[0] ?? internalError(new Error("the parser returned no program and no error"));
    const { start, end } = first.span;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more syntax errors)` : "";
    const help = first.help ? `\nhelp: ${first.help}` : "";
    super(`error[${first.code}]: ${first.message} (${start.line}:${start.column})${more}${help}`);
    this.name = "SyntaxError";
    this.loc = {
      start: { line: start.line, column: start.column },
      end: { line: end.line, column: end.column },
    };
    this.diagnostics = diagnostics;
  }
}

/** Parses with the real .vae parser; a spec with syntax errors is never formatted. */
export function parseVae(text: string, filepath = "<input>"): VaeAst {
  const source: SourceFile = { path: filepath, text };
  const { result, diagnostics } = parse(source);
  if (hasErrors(diagnostics) || result === undefined) throw new VaeSyntaxError(diagnostics);
  return result;
}

export function locStart(node: { span: { start: { offset: number } } }): number {
  return node.span.start.offset;
}

export function locEnd(node: { span: { end: { offset: number } } }): number {
  return node.span.end.offset;
}

export const vaeParser: Parser<VaeAst> = {
  parse: (text, options) => parseVae(text, options.filepath),
  astFormat: "vae-ast",
  locStart,
  locEnd,
};
