import { defineDiagnostics } from "./define.js";

/**
 * The syntax diagnostics (VAE0xx) and the internal one (VAE900). Each has a page
 * docs/diagnostics/<code>.md whose heading is `# <code>: <title>`.
 */
export const SYNTAX = defineDiagnostics({
  unknownCharacter: {
    code: "VAE001",
    title: "unknown character",
    severity: "error",
    message: "unknown character `{char}`",
  },
  unterminatedString: {
    code: "VAE002",
    title: "unterminated string",
    severity: "error",
    message: "unterminated string",
  },
  invalidNumber: {
    code: "VAE003",
    title: "invalid number",
    severity: "error",
    message: "invalid number `{raw}`",
  },
  invalidEscape: {
    code: "VAE004",
    title: "unknown escape in a string",
    severity: "error",
    message: "unknown escape `{escape}` in a string",
  },
  unexpectedToken: {
    code: "VAE010",
    title: "unexpected token",
    severity: "error",
    message: "expected {expected}{context}, found {found}",
  },
  unclosedDelimiter: {
    code: "VAE011",
    title: "unclosed delimiter",
    severity: "error",
    message: "expected {close} to close {open} opened at {at}, found {found}",
  },
  unmatchedClose: {
    code: "VAE012",
    title: "unmatched closing delimiter",
    severity: "error",
    message: "unexpected {close} with no matching {open}",
  },
  unexpectedEof: {
    code: "VAE013",
    title: "unexpected end of file",
    severity: "error",
    message: "expected {expected}{context}, found end of file",
  },
  missingEquals: {
    code: "VAE014",
    title: "missing `=`",
    severity: "error",
    message: "expected `=` after {what}, found {found}",
  },
  unknownDeclaration: {
    code: "VAE015",
    title: "unknown declaration",
    severity: "error",
    message: "unknown declaration `{word}`",
  },
  expectedExpression: {
    code: "VAE016",
    title: "expected an expression",
    severity: "error",
    message: "expected an expression{context}, found {found}",
  },
  badFactorName: {
    code: "VAE017",
    title: "a factor must be `p` or `q`",
    severity: "error",
    message: "a factor is written `p(...)` or `q(...)`, not `{name}(...)`",
  },
  keywordAsName: {
    code: "VAE018",
    title: "keyword used as a name",
    severity: "error",
    message: "`{word}` is a keyword and cannot be used as a name",
  },
  nestedTooDeeply: {
    code: "VAE019",
    title: "expression nested too deeply",
    severity: "error",
    message: "expression nested more than {limit} levels deep",
  },
  internalError: {
    code: "VAE900",
    title: "internal error",
    severity: "error",
    message: "internal error: {detail}",
  },
});
