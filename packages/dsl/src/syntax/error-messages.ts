import type { IParserErrorMessageProvider, TokenType } from "chevrotain";

/*
 * Chevrotain words its errors with token names ("Expecting token of type --> RParen <--").
 * Instead, this provider records what was expected as data (JSON in the message slot), and
 * parse-errors.ts turns that into readable diagnostics with the context of the whole token stream.
 */

export interface ExpectedInfo {
  /** Names of the token types that could come next. */
  expected: string[];
  /** The grammar rule that failed. */
  rule: string;
}

function firstTokens(paths: TokenType[][]): string[] {
  return paths.filter((path) => path.length > 0).map((path) => path[0].name);
}

function encode(expected: string[], rule: string): string {
  const info: ExpectedInfo = { expected: [...new Set(expected)], rule };
  return JSON.stringify(info);
}

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) => encode([expected.name], ruleName),
  buildNotAllInputParsedMessage: ({ ruleName }) => encode(["EOF"], ruleName),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    encode(expectedPathsPerAlt.flatMap(firstTokens), ruleName),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    encode(firstTokens(expectedIterationPaths), ruleName),
};

export function decodeExpected(message: string): ExpectedInfo {
  try {
    return JSON.parse(message) as ExpectedInfo;
  } catch {
    return { expected: [], rule: "" };
  }
}
