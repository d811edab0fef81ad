import { tokenMatcher, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/define.js";
import { didYouMean, joinOr } from "../diagnostics/suggest.js";
import { SYNTAX } from "../diagnostics/syntax-codes.js";
import type { Span, SourceFile } from "../span.js";
import { decodeExpected } from "./error-messages.js";
import { FILE_START, pointSpan, spanFrom, tokenEnd, tokenSpan } from "./positions.js";
import * as t from "./tokens.js";

/*
 * Turns chevrotain's recognition errors into VAE0xx diagnostics worded for people: what was
 * expected in the language's own terms, what was found, which bracket is still open and where,
 * and the nearest keyword when a word looks like a typo.
 */

const typesByName = new Map<string, TokenType>(t.allTokens.map((type) => [type.name, type]));
const expressionStartTypes = [
  t.NumberLiteral,
  t.StringLiteral,
  t.LParen,
  t.LBracket,
  t.Identifier,
  t.AdditiveOperator,
];
const keywordNames = new Set(t.keywordTokens.map((type) => type.name));
const expressionStarts = new Set([
  "NumberLiteral",
  "StringLiteral",
  "LParen",
  "LBracket",
  "Identifier",
  "AdditiveOperator",
]);
const expressionRules = new Set(["expression", "multiplicative", "unary", "primary"]);
/** What can start a primary expression: when all of these are expected, say "an expression". */
const primaryStarts = ["NumberLiteral", "StringLiteral", "LParen", "LBracket", "Identifier"];

export function translateParseErrors(
  source: SourceFile,
  tokens: readonly IToken[],
  errors: readonly IRecognitionException[],
): Diagnostic[] {
  return errors.map((error) => translate(source, tokens, error));
}

function translate(
  source: SourceFile,
  tokens: readonly IToken[],
  error: IRecognitionException,
): Diagnostic {
  const index = indexOfToken(tokens, error.token);
  const found = index < tokens.length ? tokens[index] : undefined;
  const previous = index > 0 ? tokens[index - 1] : undefined;
  const { expected: expectedNames, rule } = decodeExpected(error.message);
  const expected = expectedNames
    .map((name) => typesByName.get(name))
    .filter((x) => x !== undefined);
  const file = source.path;
  const span: Span = found
    ? tokenSpan(found)
    : previous
      ? pointSpan(tokenEnd(previous))
      : pointSpan(FILE_START);
  const foundText = found ? quote(found) : "end of file";
  const context = previous ? ` after ${quote(previous)}` : "";

  // A closing bracket that closes nothing.
  if (found && t.closers.has(found.tokenType)) {
    const open = t.closers.get(found.tokenType)!;
    if (!openBrackets(tokens, index).some((o) => o.tokenType === open)) {
      return diagnostic(SYNTAX.unmatchedClose, file, span, {
        close: quote(found),
        open: `\`${open.PATTERN}\``,
      })
        .withPrimaryLabel("nothing to close here")
        .withHelp(`delete this \`${found.image}\`, or add the \`${open.PATTERN}\` it should close`)
        .build();
    }
  }

  // A bracket left open: name it and where it was opened.
  const innermost = openBrackets(tokens, index).at(-1);
  if (innermost && expected.includes(t.openers.get(innermost.tokenType)!)) {
    const close = `\`${t.openers.get(innermost.tokenType)!.PATTERN}\``;
    const opener = describeOpener(tokens, innermost);
    const builder = diagnostic(SYNTAX.unclosedDelimiter, file, span, {
      close,
      open: opener.text,
      at: `${opener.span.start.line}:${opener.span.start.column}`,
      found: foundText,
    })
      .withPrimaryLabel(`expected ${close}`)
      .withLabel(opener.span, "opened here");
    const missingComma = found && previous && startsExpression(found) && endsExpression(previous);
    if (innermost.tokenType !== t.LBrace && missingComma) {
      builder.withHelp("separate the items with `,`");
    } else if (
      expected.includes(t.Comma) &&
      found?.tokenType === t.Equals &&
      previous?.tokenType === t.Identifier
    ) {
      builder.withHelp("only names can be given a value with `=` here");
    }
    return builder.build();
  }

  if (!found) {
    return diagnostic(SYNTAX.unexpectedEof, file, span, {
      expected: describeExpected(expected),
      context,
    })
      .withPrimaryLabel(`expected ${describeExpected(expected)}`)
      .build();
  }

  // A word where a declaration should start: most likely a misspelt keyword.
  const atTopLevel = rule === "program" || rule === "topLevel";
  const atMember =
    rule === "factorDecl" && expectedNames[0] === "LParen" && previous?.tokenType === t.Identifier;
  if (atMember && previous) {
    const word = previous.image;
    return (
      diagnostic(SYNTAX.unknownDeclaration, file, tokenSpan(previous), { word })
        .withPrimaryLabel("expected `data`, `latent`, `p(...)`, `q(...)`, `penalize` or `param`")
        // After `penalize kl(z)`, the word may be a misspelt `with`.
        .withHelp(
          didYouMean(
            word,
            tokens[index - 2]?.tokenType === t.RParen ? [...t.memberWords, "with"] : t.memberWords,
          ),
        )
        .build()
    );
  }
  if (atTopLevel && found.tokenType === t.Identifier) {
    const word = found.image;
    const builder = diagnostic(SYNTAX.unknownDeclaration, file, span, { word }).withPrimaryLabel(
      "expected `model`, `param`, `train`, `attack` or `sweep`",
    );
    if (word === "p" || word === "q") {
      return builder
        .withNote("factors belong inside a `model { ... }` block")
        .withHelp("move this factor into the model it belongs to")
        .build();
    }
    return builder.withHelp(didYouMean(word, [...t.topLevelWords, ...t.memberWords])).build();
  }
  if (
    atTopLevel &&
    (found.tokenType === t.Data || found.tokenType === t.Latent || found.tokenType === t.Penalize)
  ) {
    return diagnostic(SYNTAX.unexpectedToken, file, span, {
      expected: "a top-level declaration",
      context,
      found: foundText,
    })
      .withPrimaryLabel("this belongs inside a model")
      .withHelp(`move this \`${found.image}\` declaration into a \`model { ... }\` block`)
      .build();
  }

  // A keyword where a name was expected.
  if (
    expected.length === 1 &&
    expected[0] === t.Identifier &&
    keywordNames.has(found.tokenType.name)
  ) {
    return diagnostic(SYNTAX.keywordAsName, file, span, { word: found.image })
      .withPrimaryLabel("a keyword")
      .withHelp(`choose another name, such as \`${found.image}_\``)
      .build();
  }

  if (expected.length === 1 && expected[0] === t.Equals && previous) {
    const what =
      rule === "setting"
        ? `the setting \`${previous.image}\``
        : rule === "paramDecl"
          ? `\`param ${previous.image}\``
          : rule === "factorDecl"
            ? factorHead(source, tokens, index)
            : quote(previous);
    return diagnostic(SYNTAX.missingEquals, file, span, { what, found: foundText })
      .withPrimaryLabel("expected `=`")
      .withHelp(
        rule === "setting" || rule === "paramDecl"
          ? `give the value with \`=\`: \`${previous.image} = ${found.image}\``
          : "write `=` between a factor and its distribution: `p(x | z) = Bernoulli(mlp[256])`",
      )
      .build();
  }

  if (expressionRules.has(rule) && expectedNames.every((name) => expressionStarts.has(name))) {
    return diagnostic(SYNTAX.expectedExpression, file, span, { context, found: foundText })
      .withPrimaryLabel("expected a number, a name, a string, a list or `(`")
      .withHelp(
        found.tokenType === t.Star && previous?.tokenType === t.Star
          ? "powers are written `a ^ b`"
          : undefined,
      )
      .build();
  }

  const expectedText = describeExpected(expected);
  const builder = diagnostic(SYNTAX.unexpectedToken, file, span, {
    expected: expectedText,
    context,
    found: foundText,
  }).withPrimaryLabel(`expected ${expectedText}`);
  if (tokenMatcher(found, t.Identifier)) {
    builder.withHelp(
      didYouMean(
        found.image,
        expected.filter((type) => keywordNames.has(type.name)).map((type) => type.name),
      ),
    );
  }
  return builder.build();
}

/** How the expected tokens read in a sentence: "`:`", "`,` or `)`", "an expression". */
function describeExpected(expected: TokenType[]): string {
  const names = new Set(expected.map((type) => type.name));
  if (names.size === 0) return "more input";
  if (["model", "param", "train", "attack", "sweep"].every((word) => names.has(word))) {
    return "a declaration (`model`, `param`, `train`, `attack` or `sweep`)";
  }
  const parts: string[] = [];
  let rest = expected;
  if (primaryStarts.every((name) => names.has(name))) {
    parts.push("an expression");
    rest = expected.filter((type) => !expressionStarts.has(type.name));
  }
  parts.push(...[...new Set(rest)].map(t.describeTokenType));
  return joinOr([...new Set(parts)]);
}

function quote(token: IToken): string {
  const image = token.image.length > 24 ? `${token.image.slice(0, 21)}...` : token.image;
  return `\`${image.replaceAll("`", "\\`")}\``;
}

function endsExpression(token: IToken): boolean {
  return [t.Identifier, t.NumberLiteral, t.StringLiteral, t.RParen, t.RBracket].some((type) =>
    tokenMatcher(token, type),
  );
}

function startsExpression(token: IToken): boolean {
  return expressionStartTypes.some((type) => tokenMatcher(token, type));
}

/** The brackets still open just before `tokens[index]`, outermost first. */
export function openBrackets(tokens: readonly IToken[], index: number): IToken[] {
  const stack: IToken[] = [];
  for (let i = 0; i < index && i < tokens.length; i++) {
    const type = tokens[i].tokenType;
    if (t.openers.has(type)) stack.push(tokens[i]);
    else if (t.closers.has(type)) {
      const open = t.closers.get(type)!;
      const at = stack.map((token) => token.tokenType).lastIndexOf(open);
      // A closer with no opener of its kind is ignored; one that skips inner openers closes them too.
      if (at >= 0) stack.length = at;
    }
  }
  return stack;
}

/** `p(`, `mlp[`, `model Seatbelt {`, `train {`, or the bare bracket, with the span of that text. */
function describeOpener(tokens: readonly IToken[], opener: IToken): { text: string; span: Span } {
  const index = indexOfToken(tokens, opener);
  const before = tokens[index - 1];
  const bare = { text: `\`${opener.image}\``, span: tokenSpan(opener) };
  if (!before) return bare;
  const from = (first: IToken, text: string) => ({
    text: `\`${text}\``,
    span: spanFrom(tokenSpan(first), tokenSpan(opener)),
  });
  if (opener.tokenType === t.LBrace) {
    if (before.tokenType === t.Train || before.tokenType === t.Attack)
      return from(before, `${before.image} {`);
    const keyword = tokens[index - 2];
    if (keyword?.tokenType === t.Model) return from(keyword, `model ${before.image} {`);
    return bare;
  }
  const adjacent = tokenEnd(before).offset === opener.startOffset;
  if (adjacent && (before.tokenType === t.Identifier || keywordNames.has(before.tokenType.name))) {
    return from(before, `${before.image}${opener.image}`);
  }
  return bare;
}

/** `p(x | z)`: the text of the factor head that ends just before `tokens[index]`. */
function factorHead(source: SourceFile, tokens: readonly IToken[], index: number): string {
  let depth = 0;
  for (let i = index - 1; i > 0; i--) {
    const type = tokens[i].tokenType;
    if (type === t.RParen) depth++;
    else if (type === t.LParen && --depth === 0) {
      const text = source.text.slice(tokens[i - 1].startOffset, tokenEnd(tokens[index - 1]).offset);
      return `\`${text.replace(/\s+/g, " ")}\``;
    }
  }
  return quote(tokens[index - 1]);
}

export function indexOfToken(tokens: readonly IToken[], token: IToken): number {
  if (Number.isNaN(token.startOffset) || token.tokenType?.name === "EOF") return tokens.length;
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const offset = tokens[mid].startOffset;
    if (offset === token.startOffset) return mid;
    if (offset < token.startOffset) lo = mid + 1;
    else hi = mid - 1;
  }
  return lo;
}
