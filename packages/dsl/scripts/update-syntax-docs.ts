// Refreshes the rendered output under `## Example` in the syntax diagnostics' pages
// (docs/diagnostics/VAE0xx.md) from their example specs:
//   npx tsx packages/dsl/scripts/update-syntax-docs.ts
// tests/golden.test.ts fails when a page is out of date.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  readDocPage,
  renderSyntaxExample,
  withExampleOutput,
} from "../src/diagnostics/doc-page.js";

const docs = fileURLToPath(new URL("../../../docs/diagnostics/", import.meta.url));

for (const name of readdirSync(docs).filter((n) => /^VAE0\d\d\.md$/.test(n))) {
  const markdown = readFileSync(docs + name, "utf8");
  const page = readDocPage(markdown);
  if (!page?.example) continue;
  const updated = withExampleOutput(markdown, renderSyntaxExample(page.example));
  if (updated !== markdown) {
    writeFileSync(docs + name, updated);
    console.log(`updated ${name}`);
  }
}
