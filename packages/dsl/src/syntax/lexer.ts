import { Lexer, type IToken } from "chevrotain";
import type { Comment } from "../ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/define.js";
import { SYNTAX } from "../diagnostics/syntax-codes.js";
import type { Position, SourceFile } from "../span.js";
import { readNumber } from "./number.js";
import { spanAt, tokenSpan, tokenStart } from "./positions.js";
import { readString } from "./string.js";
import { allTokens, NumberLiteral, StringLiteral, UnterminatedString } from "./tokens.js";

/** One lexer for the process: chevrotain analyses the token set once, at construction. */
const lexer = new Lexer(allTokens, {
  positionTracking: "full",
  ensureOptimizations: true,
  // Line breaks are chevrotain's default (\n, \r\n and a lone \r), as the renderer assumes.
});

export interface LexResult {
  /** Tokens for the parser; unterminated strings are passed on as strings. */
  tokens: IToken[];
  comments: Comment[];
  diagnostics: Diagnostic[];
}

export function lex(source: SourceFile): LexResult {
  const result = lexer.tokenize(source.text);
  const diagnostics: Diagnostic[] = [];
  for (const error of result.errors) {
    diagnostics.push(
      unknownCharacter(source, error.offset, error.length, error.line, error.column),
    );
  }
  for (const token of result.tokens) {
    if (token.tokenType === NumberLiteral) checkNumber(source, token, diagnostics);
    else if (token.tokenType === StringLiteral) checkEscapes(source, token, diagnostics);
    else if (token.tokenType === UnterminatedString) {
      diagnostics.push(
        diagnostic(SYNTAX.unterminatedString, source.path, tokenSpan(token))
          .withPrimaryLabel('this string has no closing `"` on its line')
          .withHelp('add `"` where the string ends; strings cannot span lines (use `\\n`)')
          .build(),
      );
      checkEscapes(source, token, diagnostics);
      token.tokenType = StringLiteral;
      token.tokenTypeIdx = StringLiteral.tokenTypeIdx!;
    }
  }
  const comments: Comment[] = (result.groups.comments ?? []).map((token) => ({
    kind: "Comment",
    text: token.image.slice(1),
    span: tokenSpan(token),
  }));
  diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { tokens: result.tokens, comments, diagnostics };
}

function unknownCharacter(
  source: SourceFile,
  offset: number,
  length: number,
  line: number | undefined,
  column: number | undefined,
): Diagnostic {
  // Chevrotain reports a run of unlexable characters at once; name the first (a whole code point).
  const char = String.fromCodePoint(source.text.codePointAt(offset) ?? 0);
  const start: Position = { offset, line: line ?? 1, column: column ?? 1 };
  return diagnostic(SYNTAX.unknownCharacter, source.path, spanAt(start, Math.max(length, 1)), {
    char: printable(char),
  })
    .withPrimaryLabel(
      length > char.length
        ? "these characters are not part of the language"
        : "not part of the language",
    )
    .withHelp(unknownCharacterHelp(char))
    .build();
}

function printable(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (
    code < 0x20 ||
    code === 0x7f ||
    (code >= 0x80 && code < 0xa0) ||
    code === 0x2028 ||
    code === 0x2029
  ) {
    return `\\u{${code.toString(16)}}`;
  }
  return char === "`" ? "\\`" : char;
}

function unknownCharacterHelp(char: string): string | undefined {
  if (char === "'") return 'strings are written in double quotes: `"..."`';
  if (char === ";") return "declarations need no `;`: just start the next one";
  if (/\p{L}/u.test(char)) return "names use ASCII letters, digits and `_`";
  if (char === "/" || char === "\\") return undefined;
  if (char === "!" || char === "&" || char === "<" || char === ">") {
    return "expressions only have `+`, `-`, `*`, `/` and `^`";
  }
  return undefined;
}

function checkNumber(source: SourceFile, token: IToken, diagnostics: Diagnostic[]): void {
  const reading = readNumber(token.image);
  if (reading.ok) return;
  diagnostics.push(
    diagnostic(SYNTAX.invalidNumber, source.path, tokenSpan(token), { raw: token.image })
      .withPrimaryLabel(reading.reason)
      .withHelp(reading.help)
      .build(),
  );
}

function checkEscapes(source: SourceFile, token: IToken, diagnostics: Diagnostic[]): void {
  const start = tokenStart(token);
  for (const bad of readString(token.image).badEscapes) {
    const at: Position = {
      offset: start.offset + bad.index,
      line: start.line,
      column: start.column + bad.index,
    };
    diagnostics.push(
      diagnostic(SYNTAX.invalidEscape, source.path, spanAt(at, bad.text.length), {
        escape: bad.text.replaceAll("`", "\\`"),
      })
        .withPrimaryLabel("unknown escape")
        .withHelp(
          'the escapes are `\\"`, `\\\\`, `\\n`, `\\t`, `\\r`, `\\0` and `\\u{...}`; write `\\\\` for a backslash',
        )
        .build(),
    );
  }
}
