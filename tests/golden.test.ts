import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSource } from "@vaec/compiler";
import { parse, readDocPage, renderDiagnostics, SYNTAX, SYNTAX_CATALOGUE } from "@vaec/dsl";
import { allEntries, generatedFiles } from "../packages/runtime/scripts/diagnostic-docs.js";
import { vaecBin } from "./vaec-cli.js";

/*
 * The golden suites and the diagnostics catalogue's completeness:
 * - tests/golden/err/*.vae: what `vaec check` prints (no colour, path relative to the repository)
 *   must equal the sibling .expected file, which must exist; UPDATE_GOLDEN=1 (re)writes them. A sibling
 *   <name>.set.json holds `--set` overrides the case needs.
 * - tests/golden/ok/*.vae must parse cleanly, and examples/*.vae check without errors.
 * - every diagnostic code (catalogued, or written in any package's sources) has a page in
 *   docs/diagnostics/ and, up to VAE4xx, a golden case that produces it.
 */

const root = resolve(import.meta.dirname, "..");
const update = process.env.UPDATE_GOLDEN === "1";
const errDir = "tests/golden/err";
const okDir = "tests/golden/ok";
const docsDir = join(root, "docs/diagnostics");

function vaeFiles(dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((name) => name.endsWith(".vae"))
    .sort();
}

function renderCheck(path: string): string {
  const text = readFileSync(join(root, path), "utf8");
  const setFile = join(root, path.replace(/\.vae$/, ".set.json"));
  const set = existsSync(setFile)
    ? (JSON.parse(readFileSync(setFile, "utf8")) as Record<string, string>)
    : {};
  const diagnostics = checkSource({ path, text }, { set });
  return renderDiagnostics(diagnostics, new Map([[path, text]]), { color: false });
}

describe("golden error cases", () => {
  const files = vaeFiles(errDir);

  it("has at least 30 syntax cases", () => {
    expect(files.filter((name) => name.startsWith("syntax-")).length).toBeGreaterThanOrEqual(30);
  });

  it.each(files)("%s", (name) => {
    const path = `${errDir}/${name}`;
    const actual = renderCheck(path);
    const expectedPath = join(root, path.replace(/\.vae$/, ".expected"));
    if (update) writeFileSync(expectedPath, actual);
    expect(
      existsSync(expectedPath),
      `${path} has no .expected file: write it with UPDATE_GOLDEN=1 and review it`,
    ).toBe(true);
    expect(actual).toMatch(/^(error|warning)\[VAE\d{3}\]/);
    expect(actual).toBe(readFileSync(expectedPath, "utf8"));
  });
});

describe("golden ok cases and examples", () => {
  // The ok cases exercise the syntax and the formatter, not always a trainable model.
  it.each(vaeFiles(okDir))("%s parses without diagnostics", (name) => {
    const path = `${okDir}/${name}`;
    const text = readFileSync(join(root, path), "utf8");
    const { diagnostics } = parse({ path, text });
    expect(renderDiagnostics(diagnostics, new Map([[path, text]]))).toBe("");
  });

  it.each(vaeFiles("examples"))("examples/%s checks without errors", (name) => {
    const path = `examples/${name}`;
    const text = readFileSync(join(root, path), "utf8");
    const errors = checkSource({ path, text }).filter((d) => d.severity === "error");
    expect(renderDiagnostics(errors, new Map([[path, text]]))).toBe("");
  });
});

/** Every quoted `"VAEnnn"` in the packages' sources (not tests), so no code can hide. */
function codesInSources(): Set<string> {
  const codes = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(full);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
        // Codes as written in code (quoted), not ranges mentioned in comments.
        for (const match of readFileSync(full, "utf8").matchAll(/["'`](VAE\d{3})["'`]/g))
          codes.add(match[1]);
      }
    }
  };
  for (const pkg of readdirSync(join(root, "packages"))) {
    const src = join(root, "packages", pkg, "src");
    if (existsSync(src)) walk(src);
  }
  return codes;
}

/** The text of every test file (packages' `*.test.ts` and tests/), to find each code's test. */
function testSources(): string {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "dist") walk(full);
      } else if (entry.name.endsWith(".test.ts") && entry.name !== "golden.test.ts") {
        // (this file names codes only to list them)
        texts.push(readFileSync(full, "utf8"));
      }
    }
  };
  walk(join(root, "packages"));
  walk(join(root, "tests"));
  return texts.join("\n");
}

describe("diagnostics catalogue", () => {
  const catalogued = new Map(allEntries());
  const allCodes = [...new Set([...catalogued.keys(), ...codesInSources()])].sort();
  const goldenOutput = vaeFiles(errDir)
    .map((name) => join(root, errDir, name.replace(/\.vae$/, ".expected")))
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path, "utf8"))
    .join("\n");
  const tests = testSources();

  it.each([...codesInSources()].sort())("%s, written in the sources, is catalogued", (code) => {
    expect(
      catalogued.has(code),
      `${code} has no catalogue entry: add it to the catalogue of its range (docs/diagnostics/README.md, "Declaring codes")`,
    ).toBe(true);
  });

  it.each(allCodes)("%s has a docs page with a title, an example and a fix", (code) => {
    const path = join(docsDir, `${code}.md`);
    expect(existsSync(path), `docs/diagnostics/${code}.md is missing`).toBe(true);
    const page = readDocPage(readFileSync(path, "utf8"));
    expect(page?.code).toBe(code);
    expect(page?.sections).toContain("Example");
    expect(page?.sections).toContain("Fix");
  });

  it.each(allCodes.filter((code) => code < "VAE500"))("%s has a golden case", (code) => {
    expect(goldenOutput, `no tests/golden/err case produces ${code}`).toMatch(
      new RegExp(`^(error|warning)\\[${code}\\]`, "m"),
    );
  });

  it.each(allCodes.filter((code) => code >= "VAE500" && code < "VAE900"))(
    "%s is named by a test",
    (code) => {
      expect(
        tests.includes(code),
        `no *.test.ts names ${code}: write a test that produces it`,
      ).toBe(true);
    },
  );

  it.each(allEntries().filter(([, entry]) => "spec" in entry.example))(
    "%s: the catalogue's example produces the code",
    (code, entry) => {
      const { spec, set } = entry.example as { spec: string; set?: Record<string, string> };
      const codes = checkSource({ path: "example.vae", text: spec }, { set: { ...set } }).map(
        (d) => d.code,
      );
      expect(codes).toContain(code);
    },
  );

  it.each(Object.entries(SYNTAX_CATALOGUE))("%s: the fix shown parses cleanly", (code, entry) => {
    if (code === SYNTAX.internalError.code) return;
    const page = readDocPage(readFileSync(join(docsDir, `${code}.md`), "utf8"))!;
    expect(page.fix, "the fix needs a ```vae block").toBeDefined();
    expect(parse({ path: "fix.vae", text: page.fix! }).diagnostics).toEqual([]);
    expect(entry.fix).toContain(page.fix!.trimEnd());
  });
});

describe("files generated from the diagnostics catalogues", () => {
  const readme = readFileSync(join(docsDir, "README.md"), "utf8");
  // Refresh them with `node --conditions=@vaec/source --import tsx packages/runtime/scripts/write-diagnostic-docs.ts`.
  it.each([...generatedFiles(readme)])("%s is up to date", (path, text) => {
    const full = join(root, path);
    expect(existsSync(full), `${path} is missing`).toBe(true);
    expect(readFileSync(full, "utf8")).toBe(text);
  });
});

describe("docs/language.md", () => {
  const markdown = readFileSync(join(root, "docs/language.md"), "utf8");
  const blocks = [...markdown.matchAll(/^```vae\n([\s\S]*?)^```$/gm)].map((m) => m[1]);

  it("has an example of every construct", () => {
    const kinds = new Set<string>();
    for (const block of blocks) {
      for (const item of parse({ path: "doc.vae", text: block }).result?.items ?? []) {
        kinds.add(item.kind);
        if (item.kind === "ModelDecl") for (const member of item.members) kinds.add(member.kind);
      }
    }
    expect([...kinds].sort()).toEqual(
      [
        "AttackBlock",
        "DataDecl",
        "FactorDecl",
        "LatentDecl",
        "ModelDecl",
        "ParamDecl",
        "PenaltyDecl",
        "SweepDecl",
        "TrainBlock",
      ].sort(),
    );
  });

  it.each(blocks.map((block, i) => [i + 1, block]))("example %i parses", (_, block) => {
    expect(parse({ path: "doc.vae", text: block as string }).diagnostics).toEqual([]);
  });
});

describe("vaec check and vaec explain (subprocess)", () => {
  const bin = vaecBin;
  const vaec = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });

  it("exits 0 on the examples and 1 with the golden output on an error case", () => {
    const examples = vaeFiles("examples").map((name) => `examples/${name}`);
    const ok = vaec("check", ...examples);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`${examples.length} files checked: no errors`);
    const path = `${errDir}/syntax-several-errors.vae`;
    const bad = vaec("check", path);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      `${readFileSync(join(root, path.replace(/\.vae$/, ".expected")), "utf8")}6 errors in 1 of 1 file\n`,
    );
  });

  it("prints JSON with --format json (the same as --json) and rejects other formats", () => {
    const json = vaec("check", `${errDir}/syntax-missing-equals-param.vae`, "--format", "json");
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      command: "check",
      diagnostics: [{ code: "VAE014", severity: "error", span: { start: { line: 1 } } }],
    });
    expect(vaec("check", "examples/vae.vae", "--format", "xml").status).toBe(2);
  });

  it("explains a code with its docs page, and refuses unknown codes", () => {
    const explained = vaec("explain", "vae011");
    expect(explained.status).toBe(0);
    expect(explained.stdout).toBe(readFileSync(join(docsDir, "VAE011.md"), "utf8"));
    const unknown = vaec("explain", "VAE0111");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("there is no diagnostic `VAE0111`");
  });
});
