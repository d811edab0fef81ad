import { defineCatalogue, messageSpecs } from "./catalogue.js";

/*
 * The catalogue of syntax diagnostics (VAE0xx) and the internal one (VAE900): each code's
 * messages, explanation, failing example and fix, written once. docs/diagnostics/<code>.md is
 * generated from here (packages/runtime/scripts/write-diagnostic-docs.ts).
 */
export const SYNTAX_CATALOGUE = defineCatalogue({
  VAE001: {
    title: "unknown character",
    severity: "error",
    messages: { unknownCharacter: "unknown character `{char}`" },
    explanation: `The spec contains a character that is not part of the language. Outside comments and strings a
spec uses only ASCII letters, digits, \`_\`, white space and the punctuation
\`( ) [ ] { } , : | = + - * / ^ # "\`. Common causes: a \`;\` at the end of a line (declarations
need none), single quotes around a string, a Greek letter typed as a name, or a character
pasted from a document. Every unknown character is reported, and parsing goes on without it.`,
    example: {
      spec: `model M {
  data x : binary[28, 28]
  latent z : 8;
}
`,
    },
    fix: `Delete the character, or write what it meant in the language's own terms:

\`\`\`vae
model M {
  data   x : binary[28, 28]
  latent z : 8
}
\`\`\``,
  },
  VAE002: {
    title: "unterminated string",
    severity: "error",
    messages: { unterminatedString: "unterminated string" },
    explanation: `A string starts with \`"\` and must end with \`"\` on the same line. The string here runs to the
end of its line without a closing quote. A \`"\` inside a string must be escaped as \`\\"\`, and a
string that has to hold a line break uses \`\\n\`.`,
    example: {
      spec: `train { data = npy("data/faces.npy) }
`,
    },
    fix: `Close the string where it ends:

\`\`\`vae
train { data = npy("data/faces.npy") }
\`\`\``,
  },
  VAE003: {
    title: "invalid number",
    severity: "error",
    messages: { invalidNumber: "invalid number `{raw}`" },
    explanation: `Something starts like a number but is not one. Numbers can be written as integers (\`256\`),
decimals (\`0.5\`, \`.5\`, \`1.\`), with an exponent (\`1e-3\`, \`2.5E+4\`), with \`_\` between digit
groups (\`1_000_000\`), or in hexadecimal (\`0x10\`), binary (\`0b101\`) or octal (\`0o17\`). The label
under the number says what is wrong: an exponent with no digits (\`1e\`), a \`_\` that is not
between two digits (\`1__0\`, \`10_\`), two decimal points, a number that runs into letters
(\`32z\`: names cannot start with a digit), or a value too large to represent.`,
    example: {
      spec: `train { optimizer = adam(lr = 1e-) }
`,
    },
    fix: `\`\`\`vae
train { optimizer = adam(lr = 1e-3) }
\`\`\``,
  },
  VAE004: {
    title: "unknown escape in a string",
    severity: "error",
    messages: { invalidEscape: "unknown escape `{escape}` in a string" },
    explanation: `Inside a string, \`\\\` starts an escape. The escapes are \`\\"\` (a quote), \`\\\\\` (a backslash),
\`\\n\`, \`\\t\`, \`\\r\`, \`\\0\` and \`\\u{...}\` or \`\\uXXXX\` (a Unicode code point in hexadecimal). Any
other character after \`\\\` is an error, most often a Windows path written with single
backslashes. Paths in specs can use \`/\` on every system.`,
    example: {
      spec: `train { data = images("C:\\data\\faces", 64) }
`,
    },
    fix: `\`\`\`vae
train { data = images("C:/data/faces", 64) }
\`\`\``,
  },
  VAE010: {
    title: "unexpected token",
    severity: "error",
    messages: { unexpectedToken: "expected {expected}{context}, found {found}" },
    explanation: `The parser found something that cannot come at this point of a declaration. The message says
what could come instead (in the language's terms: "a name", "an expression", \`:\`) and what was
found; the help line suggests the nearest keyword when the word found looks like a misspelt
one. Recovery skips to the next declaration, so every declaration with a problem is reported
in one run. See docs/language.md for the grammar of each declaration.`,
    example: {
      spec: `model M {
  data x : binary[28, 28]
  latent z 8
}
`,
    },
    fix: `A \`latent\` declaration is \`latent name : dims\`:

\`\`\`vae
model M {
  data   x : binary[28, 28]
  latent z : 8
}
\`\`\``,
  },
  VAE011: {
    title: "unclosed delimiter",
    severity: "error",
    messages: {
      unclosedDelimiter: "expected {close} to close {open} opened at {at}, found {found}",
    },
    explanation: `An opening \`(\`, \`[\` or \`{\` has no matching closing bracket where the parser expected one. The
message names the bracket that is still open and where it was opened (\`p(\` at 4:3), and the
secondary label points at it. Brackets nest: the innermost one that is still open must be
closed first. A missing \`,\` between arguments is reported the same way, because after a
complete argument the parser expects either \`,\` or the closing bracket.`,
    example: {
      spec: `model M {
  data x : binary[28, 28]
  latent z : 8
  p(z) = Normal(0, 1)
  p(x | z = Bernoulli(mlp[256])
  q(z | x) = Normal(mlp[256])
}
`,
    },
    fix: `\`\`\`vae
model M {
  data   x : binary[28, 28]
  latent z : 8
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[256])
  q(z | x) = Normal(mlp[256])
}
\`\`\``,
  },
  VAE012: {
    title: "unmatched closing delimiter",
    severity: "error",
    messages: { unmatchedClose: "unexpected {close} with no matching {open}" },
    explanation: `A closing \`)\`, \`]\` or \`}\` has no opening bracket of its kind before it. This usually means a
bracket too many, or a block closed twice (a \`}\` left behind after moving a declaration).`,
    example: {
      spec: `model M {
  data x : binary[28, 28]
  latent z : 8
}
}
train { batch = 64 }
`,
    },
    fix: `Delete the extra bracket:

\`\`\`vae
model M {
  data   x : binary[28, 28]
  latent z : 8
}
train { batch = 64 }
\`\`\``,
  },
  VAE013: {
    title: "unexpected end of file",
    severity: "error",
    messages: { unexpectedEof: "expected {expected}{context}, found end of file" },
    explanation: `The spec ends in the middle of a declaration: a value after \`=\` is missing, or a declaration
stops after its keyword. (A bracket left open at the end of the file is reported as VAE011,
which names the bracket.)`,
    example: {
      spec: `param beta =
`,
    },
    fix: `Complete the declaration:

\`\`\`vae
param beta = 4
\`\`\``,
  },
  VAE014: {
    title: "missing `=`",
    severity: "error",
    messages: { missingEquals: "expected `=` after {what}, found {found}" },
    explanation: `Settings (in \`train { }\`, \`attack { }\` and after \`with\`), \`param\` declarations and factors
give their value after \`=\`: \`batch = 256\`, \`param beta = 2\`, \`p(x | z) = Bernoulli(mlp[256])\`.
Here the \`=\` is missing.`,
    example: {
      spec: `train { data = sprites, batch 256, steps = 1000 }
`,
    },
    fix: `\`\`\`vae
train { data = sprites, batch = 256, steps = 1000 }
\`\`\``,
  },
  VAE015: {
    title: "unknown declaration",
    severity: "error",
    messages: { unknownDeclaration: "unknown declaration `{word}`" },
    explanation: `A declaration starts with a word the language does not know. At the top level a spec holds
\`model\`, \`param\`, \`train\`, \`attack\` and \`sweep\` declarations; inside a \`model { }\` block come
\`data\`, \`latent\`, the factors \`p(...)\` and \`q(...)\`, \`penalize\` and \`param\`. The help line
suggests the nearest keyword when the word looks like a typo. Factors written at the top level
are reported here too: they belong inside a model.`,
    example: {
      spec: `model M {
  data x : binary[28, 28]
  latnet z : 8
}
`,
    },
    fix: `\`\`\`vae
model M {
  data   x : binary[28, 28]
  latent z : 8
}
\`\`\``,
  },
  VAE016: {
    title: "expected an expression",
    severity: "error",
    messages: { expectedExpression: "expected an expression{context}, found {found}" },
    explanation: `A value was expected (after \`=\`, as an argument, a list item or the operand of an operator)
but something else was found. Expressions are numbers, strings, names, lists \`[a, b]\`, calls
\`name(args)\`, networks \`name[args]\`, and combinations of these with \`+ - * / ^\` and
parentheses. Powers are written \`a ^ b\` (there is no \`**\`).`,
    example: {
      spec: `param beta = 2
attack { lambda = grid(-20, 20, 50), pairs = 2 * }
`,
    },
    fix: `\`\`\`vae
param beta = 2
attack { lambda = grid(-20, 20, 50), pairs = 2 * 10 }
\`\`\``,
  },
  VAE017: {
    title: "a factor must be `p` or `q`",
    severity: "error",
    messages: { badFactorName: "a factor is written `p(...)` or `q(...)`, not `{name}(...)`" },
    explanation: `Inside a model, \`name(target | given) = Distribution(...)\` declares a factor, and the name says
which model it belongs to: \`p\` for the generative model, \`q\` for the inference model (the
encoder). Any other name is an error.`,
    example: {
      spec: `model M {
  data x : binary[28, 28]
  latent z : 8
  p(z) = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[256])
  r(z | x) = Normal(mlp[256])
}
`,
    },
    fix: `\`\`\`vae
model M {
  data   x : binary[28, 28]
  latent z : 8
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[256])
  q(z | x) = Normal(mlp[256])
}
\`\`\``,
  },
  VAE018: {
    title: "keyword used as a name",
    severity: "error",
    messages: { keywordAsName: "`{word}` is a keyword and cannot be used as a name" },
    explanation: `The words \`model\`, \`data\`, \`latent\`, \`param\`, \`penalize\`, \`with\`, \`train\`, \`attack\`, \`sweep\`
and \`in\` are reserved: they start declarations, so they cannot name a model, a variable or a
parameter. (They can still name a setting or an argument, as in \`train { data = sprites }\`.)`,
    example: {
      spec: `model M {
  data x : binary[28, 28]
  latent data : 8
}
`,
    },
    fix: `Choose another name:

\`\`\`vae
model M {
  data   x : binary[28, 28]
  latent z : 8
}
\`\`\``,
  },
  VAE019: {
    title: "expression nested too deeply",
    severity: "error",
    messages: { nestedTooDeeply: "expression nested more than {limit} levels deep" },
    explanation: `An expression may nest at most 100 levels deep. Each \`(\` and \`[\` opens a level (so does each
call \`adam(...)\` and network \`mlp[...]\`), and so does each \`^\` of a chain of powers, since
\`2 ^ 2 ^ 2\` groups as \`2 ^ (2 ^ 2)\`. The parser reads nested expressions recursively, and about
300 levels would exhaust the machine's stack; no spec a person writes comes near 100, so deeper
nesting is almost always generated text gone wrong. Long flat chains are not nesting: a sum of
10,000 terms or a run of 10,000 signs is read in a loop and has no limit.

The check runs on the tokens before parsing, so a spec this deep is reported without being
parsed: fix it first, then \`vaec check\` reports anything else.`,
    example: {
      spec: `param x = (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
`,
    },
    fix: `Remove the redundant parentheses (or compute the inner part in a \`param\` and use its name):

\`\`\`vae
param x = 1
\`\`\``,
  },
  VAE900: {
    title: "internal error",
    severity: "error",
    messages: { internalError: "internal error: {detail}" },
    explanation: `vaec itself failed: an exception escaped one of its stages. This is always a bug in vaec, not
in the spec, even when the spec is unusual. The message carries the exception's text; run the
command again with \`VAEC_DEBUG=1\` to print its stack trace.`,
    example: {
      shown: `There is no spec that should produce this error. If you meet one, it is the example.`,
    },
    fix: `Report it with the spec and the command you ran. Until it is fixed, simplifying the part of
the spec near the reported position usually avoids it.`,
  },
});

/** The syntax messages by name, for `diagnostic(SYNTAX.unclosedDelimiter, file, span, ...)`. */
export const SYNTAX = messageSpecs(SYNTAX_CATALOGUE);
