import { generateCstDts } from "chevrotain";
import { parser } from "./parser.js";

/** The text of cst.ts, generated from the grammar so the AST builder is type-checked against it. */
export function cstTypesSource(): string {
  const header =
    "// Generated from the grammar by packages/dsl/scripts/generate-cst-types.ts; do not edit.\n";
  return header + generateCstDts(parser.getGAstProductions());
}
