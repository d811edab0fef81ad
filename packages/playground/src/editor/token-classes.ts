import { KEYWORDS, lex } from "@vaec/dsl";

/*
 * Highlighting from the language's own lexer (chevrotain, in @vaec/dsl), not a second grammar
 * that could disagree with it: every token the parser sees gets a class by its token type, and
 * comments come from the lexer's comment group. Pure, so the editor plugin stays thin and this
 * is unit-tested.
 */

export type TokenClass =
  | "keyword"
  | "factor"
  | "distribution"
  | "name"
  | "number"
  | "string"
  | "comment"
  | "operator"
  | "punctuation";

export interface ClassedRange {
  from: number;
  to: number;
  cls: TokenClass;
}

const KEYWORD_SET = new Set<string>(KEYWORDS);
/** `p` and `q` are identifiers to the lexer; they open factors, so they read as structure. */
const FACTOR_WORDS = new Set(["p", "q"]);
const OPERATORS = new Set(["Plus", "Minus", "Star", "Slash", "Caret", "Equals", "Pipe"]);

/** The highlighted ranges of `text`, in order, without overlaps. */
export function classifyTokens(text: string): ClassedRange[] {
  const { tokens, comments } = lex({ path: "highlight.vae", text });
  const ranges: ClassedRange[] = [];
  let previous = "";
  for (const token of tokens) {
    const from = token.startOffset;
    const to = from + token.image.length;
    const type = token.tokenType.name;
    let cls: TokenClass;
    if (KEYWORD_SET.has(token.image) && type !== "Identifier") cls = "keyword";
    else if (type === "Identifier") {
      if (FACTOR_WORDS.has(token.image)) cls = "factor";
      // A model's name is capitalised like a distribution's; it is a name.
      else if (previous === "model") cls = "name";
      else if (/^[A-Z]/.test(token.image)) cls = "distribution";
      else cls = "name";
    } else if (type === "NumberLiteral") cls = "number";
    else if (type === "StringLiteral" || type === "UnterminatedString") cls = "string";
    else if (OPERATORS.has(type)) cls = "operator";
    else cls = "punctuation";
    ranges.push({ from, to, cls });
    previous = type;
  }
  for (const comment of comments) {
    ranges.push({ from: comment.span.start.offset, to: comment.span.end.offset, cls: "comment" });
  }
  return ranges.sort((a, b) => a.from - b.from);
}
