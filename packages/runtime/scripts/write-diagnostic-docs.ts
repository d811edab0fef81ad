/*
 * Writes every file generated from the diagnostics catalogues (see diagnostic-docs.ts beside it):
 *   node --conditions=@vaec/source --import tsx packages/runtime/scripts/write-diagnostic-docs.ts
 * Run it after adding or changing a catalogue entry; tests/golden.test.ts fails until then.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generatedFiles } from "./diagnostic-docs.js";

const root = join(import.meta.dirname, "..", "..", "..");
const readme = readFileSync(join(root, "docs/diagnostics/README.md"), "utf8");
let written = 0;
for (const [path, text] of generatedFiles(readme)) {
  const full = join(root, path);
  let old: string | undefined;
  try {
    old = readFileSync(full, "utf8");
  } catch {
    old = undefined;
  }
  if (old !== text) {
    writeFileSync(full, text);
    written += 1;
    process.stdout.write(`wrote ${path}\n`);
  }
}
process.stdout.write(`${written} files written\n`);
