/** A position in a source text. `line` and `column` are 1-based; `column` counts UTF-16 code
 * units like editors' and chevrotain's; `offset` is the 0-based UTF-16 index. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** A half-open range [start, end) of source text. Every AST node and diagnostic carries one. */
export interface Span {
  start: Position;
  end: Position;
}

/** A source text with its name, as given to every stage so diagnostics can quote it. */
export interface SourceFile {
  /** Path as the user typed it (shown in `--> path:line:col`). */
  path: string;
  text: string;
}
