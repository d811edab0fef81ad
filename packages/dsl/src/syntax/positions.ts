import type { IToken } from "chevrotain";
import type { Position, Span } from "../span.js";

export function tokenStart(token: IToken): Position {
  return { offset: token.startOffset, line: token.startLine ?? 1, column: token.startColumn ?? 1 };
}

/** Tokens never span lines (strings and comments stop at the line end), so the end is simple. */
export function tokenEnd(token: IToken): Position {
  const start = tokenStart(token);
  const length = token.image.length;
  return { offset: start.offset + length, line: start.line, column: start.column + length };
}

export function tokenSpan(token: IToken): Span {
  return { start: tokenStart(token), end: tokenEnd(token) };
}

/** From the start of `first` to the end of `last`. */
export function spanFrom(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

/** An empty span at a position (for "missing here" diagnostics). */
export function pointSpan(at: Position): Span {
  return { start: at, end: at };
}

/** A span inside one line, `length` code units from `start`. */
export function spanAt(start: Position, length: number): Span {
  return {
    start,
    end: { offset: start.offset + length, line: start.line, column: start.column + length },
  };
}

export const FILE_START: Position = { offset: 0, line: 1, column: 1 };

/** Offsets to line and column, with lines ending in `\n`, `\r\n` or a lone `\r` (as the lexer counts them). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i);
      if (char === 10 || (char === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  positionAt(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}
