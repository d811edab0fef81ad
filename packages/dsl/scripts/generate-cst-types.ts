// Regenerates src/syntax/cst.ts (the CST node types the AST builder visits) from the grammar:
//   npx tsx packages/dsl/scripts/generate-cst-types.ts
// Run it after every grammar change; a test fails when the file is stale.
import { writeFileSync } from "node:fs";
import { cstTypesSource } from "../src/syntax/cst-types-source.js";

const target = new URL("../src/syntax/cst.ts", import.meta.url);
writeFileSync(target, cstTypesSource());
console.log(`wrote ${target.pathname}`);
