/*
 * Generates, from the catalogue in src/diagnostics/codes.ts, one page per semantic code
 * (docs/diagnostics/<code>.md) and one golden case (tests/golden/err/sem-<code>.vae with the
 * rendered diagnostics in sem-<code>.expected). Run after changing a message or an example:
 *   npx tsx packages/compiler/scripts/write-diagnostic-docs.ts
 * tests/compile.test.ts fails when a page or an expected file is out of date.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CODES, EXAMPLE_SETS, type Code } from "../src/diagnostics/codes.js";
import { docPage, goldenPath, renderExample } from "../src/diagnostics/doc-pages.js";

const root = join(import.meta.dirname, "..", "..", "..");

function main(): void {
  mkdirSync(join(root, "tests/golden/err"), { recursive: true });
  for (const code of Object.keys(CODES) as Code[]) {
    writeFileSync(join(root, `docs/diagnostics/${code}.md`), docPage(code));
    writeFileSync(join(root, goldenPath(code)), CODES[code].example);
    // tests/golden.test.ts reads `--set` overrides from a sibling <name>.set.json
    const set = EXAMPLE_SETS[code];
    if (set)
      writeFileSync(
        join(root, goldenPath(code).replace(/\.vae$/, ".set.json")),
        `${JSON.stringify(set)}\n`,
      );
    writeFileSync(join(root, goldenPath(code).replace(/\.vae$/, ".expected")), renderExample(code));
  }
  process.stdout.write(`wrote ${Object.keys(CODES).length} pages and golden cases\n`);
}

main();
