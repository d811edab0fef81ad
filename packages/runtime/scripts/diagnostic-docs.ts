import {
  catalogueDocPage,
  checkSource,
  codeTable,
  renderDiagnostics,
  SEMANTIC_CODES,
  SYNTAX_CATALOGUE,
  type Catalogue,
  type CatalogueEntry,
} from "@vaec/compiler";
import { RUNTIME_CODES } from "../src/diagnostics/codes.js";

/*
 * Every file generated from the diagnostics catalogues: one page per code
 * (docs/diagnostics/<code>.md), the index table in docs/diagnostics/README.md, and the golden
 * case of each semantic code (tests/golden/err/sem-<code>.vae, its `--set` overrides in
 * sem-<code>.set.json, what `vaec check` prints in sem-<code>.expected). Written by
 * write-diagnostic-docs.ts beside it; tests/golden.test.ts fails when one is out of date.
 */

/** The catalogues, one per code range, in the order their codes are listed. */
export const CATALOGUES: readonly Catalogue[] = [SYNTAX_CATALOGUE, SEMANTIC_CODES, RUNTIME_CODES];

export function allEntries(): Array<[string, CatalogueEntry]> {
  const entries = CATALOGUES.flatMap((catalogue) => Object.entries(catalogue));
  return entries.sort(([a], [b]) => a.localeCompare(b));
}

/** What `vaec check example.vae` prints for a spec example. */
export function renderSpecExample(
  spec: string,
  set: Readonly<Record<string, string>> = {},
  path = "example.vae",
): string {
  const diagnostics = checkSource({ path, text: spec }, { set: { ...set } });
  return renderDiagnostics(diagnostics, new Map([[path, spec]]), { color: false });
}

/** The golden case of a semantic code; its rendered output names this path. */
export function goldenPath(code: string): string {
  return `tests/golden/err/sem-${code}.vae`;
}

export function pageOf(code: string, entry: CatalogueEntry): string {
  const output =
    "spec" in entry.example ? renderSpecExample(entry.example.spec, entry.example.set) : undefined;
  return catalogueDocPage(code, entry, output);
}

const TABLE_START = "<!-- generated: codes (packages/runtime/scripts/write-diagnostic-docs.ts) -->";
const TABLE_END = "<!-- end of generated codes -->";

/** The README with its generated table of every code replaced by a fresh one. */
export function readmeWithTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/diagnostics/README.md lacks ${TABLE_START}`);
  const table = codeTable(allEntries());
  return `${readme.slice(0, start)}${TABLE_START}\n\n${table}\n\n${readme.slice(end)}`;
}

/** Generated files by path (relative to the repository root), given the current README. */
export function generatedFiles(readme: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [code, entry] of allEntries())
    files.set(`docs/diagnostics/${code}.md`, pageOf(code, entry));
  files.set("docs/diagnostics/README.md", readmeWithTable(readme));
  for (const [code, entry] of Object.entries(SEMANTIC_CODES)) {
    const { spec, set } = entry.example as { spec: string; set?: Record<string, string> };
    const path = goldenPath(code);
    files.set(path, spec);
    if (set) files.set(path.replace(/\.vae$/, ".set.json"), `${JSON.stringify(set)}\n`);
    files.set(path.replace(/\.vae$/, ".expected"), renderSpecExample(spec, set, path));
  }
  return files;
}
