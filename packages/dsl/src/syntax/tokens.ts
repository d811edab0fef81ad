import { createToken, Lexer, type TokenType } from "chevrotain";

/*
 * The tokens of the .vae language. Keywords are reserved words (they cannot name a variable);
 * everything else that looks like a word is an `Identifier`, and the compiler decides whether it
 * names something (`Normal`, `mlp`, `relu`, `sprites`). `p` and `q` are plain identifiers: the
 * grammar reads `name(...) = ...` as a factor and the AST builder insists on `p` or `q`.
 */

export const Whitespace = createToken({
  name: "Whitespace",
  pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

export const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments" });

/** Any word, keyword or not: what may name a setting or an argument (`train { data = ... }`). */
export const AnyName = createToken({ name: "AnyName", pattern: Lexer.NA });

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [AnyName],
});

function keyword(word: string): TokenType {
  return createToken({
    name: word,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [AnyName],
  });
}

export const Model = keyword("model");
export const Data = keyword("data");
export const Latent = keyword("latent");
export const Param = keyword("param");
export const Penalize = keyword("penalize");
export const With = keyword("with");
export const Train = keyword("train");
export const Attack = keyword("attack");
export const Sweep = keyword("sweep");
export const In = keyword("in");

export const keywordTokens = [
  Model,
  Data,
  Latent,
  Param,
  Penalize,
  With,
  Train,
  Attack,
  Sweep,
  In,
] as const;

/** Words that start a top-level item, and those that start a member of a model. */
export const topLevelWords = ["model", "param", "train", "attack", "sweep"] as const;
export const memberWords = ["data", "latent", "p", "q", "penalize", "param"] as const;

/*
 * Numbers are lexed permissively (anything that starts like a number and runs on with letters,
 * digits, `_`, `.` or an exponent sign) and validated afterwards, so `1e`, `0x`, `1__0` or `12ab`
 * become one precise "invalid number" diagnostic rather than a cascade of parse errors.
 */
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /0[xXbBoO][0-9A-Za-z_]*|(?:\d|\.\d)(?:[eE][+-]\d|[0-9A-Za-z_.])*/,
});

export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
});

/** A string that reaches the end of its line: reported as VAE002, then parsed as a string. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
});

export const LParen = createToken({ name: "LParen", pattern: "(" });
export const RParen = createToken({ name: "RParen", pattern: ")" });
export const LBracket = createToken({ name: "LBracket", pattern: "[" });
export const RBracket = createToken({ name: "RBracket", pattern: "]" });
export const LBrace = createToken({ name: "LBrace", pattern: "{" });
export const RBrace = createToken({ name: "RBrace", pattern: "}" });
export const Comma = createToken({ name: "Comma", pattern: "," });
export const Colon = createToken({ name: "Colon", pattern: ":" });
export const Pipe = createToken({ name: "Pipe", pattern: "|" });
export const Equals = createToken({ name: "Equals", pattern: "=" });
/** `+` and `-` (binary or unary), and `*` and `/`: categories keep the grammar free of ORs here. */
export const AdditiveOperator = createToken({ name: "AdditiveOperator", pattern: Lexer.NA });
export const MultiplicativeOperator = createToken({
  name: "MultiplicativeOperator",
  pattern: Lexer.NA,
});
export const Plus = createToken({ name: "Plus", pattern: "+", categories: [AdditiveOperator] });
export const Minus = createToken({ name: "Minus", pattern: "-", categories: [AdditiveOperator] });
export const Star = createToken({
  name: "Star",
  pattern: "*",
  categories: [MultiplicativeOperator],
});
export const Slash = createToken({
  name: "Slash",
  pattern: "/",
  categories: [MultiplicativeOperator],
});
export const Caret = createToken({ name: "Caret", pattern: "^" });
/** Only in a sweep axis's setting key, `train.seed` (`.5` is a number: the number token comes first). */
export const Dot = createToken({ name: "Dot", pattern: "." });

/** Order matters to the lexer: keywords before `Identifier`, the complete string before the unterminated one. */
export const allTokens: TokenType[] = [
  AnyName,
  AdditiveOperator,
  MultiplicativeOperator,
  Whitespace,
  Comment,
  ...keywordTokens,
  Identifier,
  NumberLiteral,
  StringLiteral,
  UnterminatedString,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Pipe,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  Dot,
];

/** How a token kind is named in messages: never chevrotain's internal names. */
export function describeTokenType(type: TokenType): string {
  switch (type) {
    case Identifier:
    case AnyName:
      return "a name";
    case AdditiveOperator:
      return "`+` or `-`";
    case MultiplicativeOperator:
      return "`*` or `/`";
    case NumberLiteral:
      return "a number";
    case StringLiteral:
    case UnterminatedString:
      return "a string";
    default:
      if (type.name === "EOF") return "end of file";
      if (typeof type.PATTERN === "string") return `\`${type.PATTERN}\``;
      return `\`${type.name}\``;
  }
}

export const openers = new Map<TokenType, TokenType>([
  [LParen, RParen],
  [LBracket, RBracket],
  [LBrace, RBrace],
]);
export const closers = new Map<TokenType, TokenType>([
  [RParen, LParen],
  [RBracket, LBracket],
  [RBrace, LBrace],
]);
