import type { Program } from "../ast.js";
import { diagnostic } from "../diagnostics/define.js";
import { hasErrors, type Diagnostic, type Result } from "../diagnostics/diagnostic.js";
import { SYNTAX } from "../diagnostics/syntax-codes.js";
import type { SourceFile, Span } from "../span.js";
import { buildAst } from "./build-ast.js";
import { lex } from "./lexer.js";
import { checkNesting } from "./nesting.js";
import type { IToken } from "chevrotain";
import { indexOfToken, translateParseErrors } from "./parse-errors.js";
import { parser } from "./parser.js";
import { internalError } from "../diagnostics/internal-error.js";
import { FILE_START, LineIndex, pointSpan, tokenEnd } from "./positions.js";

/** More than this many syntax errors in one file are noise; the first ones matter. */
const MAX_ERRORS = 50;

/**
 * Parses a .vae spec into its AST. Never throws: syntax problems come back as VAE0xx
 * diagnostics (as many as recovery finds), and anything unexpected inside as VAE900. The AST is
 * returned only when the spec is free of syntax errors.
 */
export function parse(source: SourceFile): Result<Program> {
  try {
    return parseOrThrow(source);
  } catch (error) {
    return { diagnostics: [internalError(error, { file: source.path })] };
  }
}

function parseOrThrow(source: SourceFile): Result<Program> {
  const lexed = lex(source);
  const tooDeep = checkNesting(source, lexed.tokens);
  // The parser would recurse as deep as the nesting: it is not run on such a spec.
  if (tooDeep) {
    const diagnostics = [...lexed.diagnostics.slice(0, MAX_ERRORS - 1), tooDeep];
    return { diagnostics: diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset) };
  }
  parser.input = lexed.tokens;
  const cst = parser.program();
  const parseDiagnostics = translateParseErrors(source, lexed.tokens, parser.errors);
  // The shared parser would otherwise keep this spec's tokens alive until the next parse.
  parser.input = [];
  const diagnostics = mergeSyntaxDiagnostics(lexed.diagnostics, parseDiagnostics, lexed.tokens);
  if (hasErrors(diagnostics)) return { diagnostics };
  const span: Span = {
    start: FILE_START,
    end: new LineIndex(source.text).positionAt(source.text.length),
  };
  const built = buildAst(source, cst, lexed.comments, span);
  if (hasErrors(built.diagnostics)) return { diagnostics: built.diagnostics };
  return { result: built.program, diagnostics: built.diagnostics };
}

/**
 * Lexical diagnostics are all kept. A parse error is dropped when an earlier diagnostic already
 * sits on its line, or when the lexer dropped a character just before its token: either way it
 * is almost always a consequence of that earlier one.
 */
function mergeSyntaxDiagnostics(
  lexical: Diagnostic[],
  syntactic: Diagnostic[],
  tokens: readonly IToken[],
): Diagnostic[] {
  const linesWithErrors = new Set(lexical.map((d) => d.span.start.line));
  const kept: Diagnostic[] = [...lexical];
  for (const d of syntactic) {
    if (linesWithErrors.has(d.span.start.line)) continue;
    const index = indexOfToken(tokens, { startOffset: d.span.start.offset } as IToken);
    const gapStart = index > 0 ? tokenEnd(tokens[index - 1]).offset : 0;
    if (
      lexical.some(
        (l) => l.span.start.offset >= gapStart && l.span.start.offset < d.span.start.offset,
      )
    )
      continue;
    linesWithErrors.add(d.span.start.line);
    kept.push(d);
  }
  kept.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return kept.slice(0, MAX_ERRORS);
}
