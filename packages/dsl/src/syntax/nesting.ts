import type { IToken, TokenType } from "chevrotain";
import { diagnostic } from "../diagnostics/define.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SYNTAX } from "../diagnostics/syntax-codes.js";
import type { SourceFile } from "../span.js";
import { tokenSpan } from "./positions.js";
import * as t from "./tokens.js";

/**
 * How deep an expression may nest (docs/language.md, "Expressions"). Chevrotain's parser is
 * recursive descent: every parenthesis, bracket, call and `^` costs a few stack frames, and
 * about 300 levels overflow the stack. Nothing a person writes comes near 100, so the parser
 * stops well short of the machine's limit, with a diagnostic rather than an internal error.
 * Long flat chains (`1 + 1 + ...`, `- - - x`) do not nest here: the grammar reads them in a
 * loop, and every later pass walks them without recursion.
 */
export const MAX_NESTING = 100;

const OPERAND_ENDS = new Set<TokenType>([
  t.NumberLiteral,
  t.StringLiteral,
  t.UnterminatedString,
  t.Identifier,
  t.RParen,
  t.RBracket,
]);

/**
 * Finds the first place where an expression nests deeper than MAX_NESTING, by a scan of the
 * tokens before parsing (so the parser never recurses that deep). A level is an open `(` or
 * `[`, or a `^` of a chain of powers (`2 ^ 2 ^ 2` nests: `^` groups to the right).
 */
export function checkNesting(
  source: SourceFile,
  tokens: readonly IToken[],
): Diagnostic | undefined {
  // The `^` count of the power chain open at each bracket level, outermost first.
  const carets: number[] = [0];
  let depth = 0;
  let previous: TokenType | undefined;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === t.LParen || type === t.LBracket) {
      carets.push(0);
      depth++;
    } else if (type === t.RParen || type === t.RBracket) {
      if (carets.length > 1) depth -= 1 + carets.pop()!;
    } else if (type === t.Caret) {
      carets[carets.length - 1]++;
      depth++;
    } else if (endsPowerChain(type, previous)) {
      depth -= carets[carets.length - 1];
      carets[carets.length - 1] = 0;
    }
    previous = type;
    if (depth > MAX_NESTING) return tooDeep(source, token);
  }
  return undefined;
}

/**
 * Whether `type` ends a chain of powers: anything but a sign or an operand after `^`. A `+` or
 * `-` after an operand is a binary operator; a name after an operand starts the next setting.
 */
function endsPowerChain(type: TokenType, previous: TokenType | undefined): boolean {
  const afterOperand = previous !== undefined && OPERAND_ENDS.has(previous);
  if (type === t.Plus || type === t.Minus) return afterOperand;
  if (type === t.NumberLiteral || type === t.StringLiteral || type === t.Identifier)
    return afterOperand;
  return type !== t.UnterminatedString;
}

function tooDeep(source: SourceFile, token: IToken): Diagnostic {
  return diagnostic(SYNTAX.nestedTooDeeply, source.path, tokenSpan(token), { limit: MAX_NESTING })
    .withPrimaryLabel(`level ${MAX_NESTING + 1} starts here`)
    .withNote("each `(`, `[` and each `^` of a chain of powers opens one level")
    .withHelp(
      "remove redundant parentheses, or compute the inner part in a `param` and use its name",
    )
    .build();
}
