import { keywordTokens } from "./tokens.js";

/** The reserved words of the language, for the formatter and the compiler's suggestions. */
export const KEYWORDS: readonly string[] = keywordTokens.map((token) => token.name);
