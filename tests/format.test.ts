import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { parse, type Program } from "@vaec/dsl";
import plugin from "prettier-plugin-vae";
import { root, runVaec } from "./vaec-cli.js";

/*
 * The formatter on every example and golden spec: the AST survives formatting, formatting is
 * idempotent, every comment is kept, and the examples are already in canonical form. The
 * formatted golden specs are kept in tests/golden/formatted (stanc3's `pretty.expected`), so a
 * change in layout shows up in review; `vitest run --project e2e format -u` rewrites them.
 */

const examples = listSpecs(join(root, "examples"));
const goldens = listSpecs(join(root, "tests/golden/ok"));

function listSpecs(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".vae"))
    .sort()
    .map((name) => join(dir, name));
}

async function formatSpec(text: string, filepath: string): Promise<string> {
  const config = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(text, { ...config, filepath, parser: "vae", plugins: [plugin] });
}

function parseOk(text: string, path: string): Program {
  const { result, diagnostics } = parse({ path, text });
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(result).toBeDefined();
  return result as Program;
}

/** The AST without positions (and without comments, compared on their own). */
function stripSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSpans);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === "span" || key === "headSpan" || key === "comments") continue;
    out[key] = stripSpans(inner);
  }
  return out;
}

function commentTexts(program: Program): string[] {
  return program.comments.map((comment) => comment.text.trimEnd());
}

describe.each([
  ["examples", examples],
  ["golden ok", goldens],
])("formatting %s", (_, files) => {
  it("has specs to test", () => expect(files.length).toBeGreaterThan(8));

  describe.each(files.map((file) => [file.slice(root.length + 1), file]))("%s", (_name, file) => {
    const text = readFileSync(file, "utf8");

    it("keeps the AST, every comment, and is idempotent", async () => {
      const before = parseOk(text, file);
      const once = await formatSpec(text, file);
      const after = parseOk(once, file);
      expect(stripSpans(after)).toEqual(stripSpans(before));
      expect(commentTexts(after)).toEqual(commentTexts(before));
      expect(await formatSpec(once, file)).toBe(once);
    });

    it("prints lines within the print width unless a single token forbids it", async () => {
      const once = await formatSpec(text, file);
      for (const line of once.split("\n")) {
        if (line.length <= 100 || line.includes("#") || line.includes('"')) continue;
        expect.soft(line, `${file}: line too long`).toBe("");
      }
      expect(once.endsWith("\n") || once === "").toBe(true);
      expect(once).not.toMatch(/[ \t]+\n/);
      expect(once).not.toMatch(/\n\n\n/);
      expect(once).not.toContain("\r");
    });
  });
});

describe.each(goldens.map((file) => [file.slice(root.length + 1), file]))("%s", (_name, file) => {
  it("matches its formatted copy in tests/golden/formatted", async () => {
    const once = await formatSpec(readFileSync(file, "utf8"), file);
    await expect(once).toMatchFileSnapshot(join(root, "tests/golden/formatted", basename(file)));
  });
});

describe("examples", () => {
  it.each(examples.map((file) => [file.slice(root.length + 1), file]))(
    "%s is already formatted",
    async (_name, file) => {
      const text = readFileSync(file, "utf8");
      expect(await formatSpec(text, file)).toBe(text);
    },
  );

  it("pass `prettier --check` run as a subprocess from the repository root", async () => {
    const bin = join(root, "node_modules/.bin/prettier");
    const run = promisify(execFile);
    const { stdout } = await run(bin, ["--check", ...examples], { cwd: root });
    expect(stdout).toContain("All matched files use Prettier code style!");
  });
});

describe("vaec fmt", () => {
  const run = (args: string[]) => runVaec(root, ...args);

  it("checks, rewrites in place, and leaves specs with syntax errors alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vaec-fmt-"));
    try {
      const messy = join(dir, "messy.vae");
      const source = readFileSync(join(root, "tests/golden/ok/compact.vae"), "utf8");
      writeFileSync(messy, source);
      const broken = join(dir, "broken.vae");
      writeFileSync(broken, "model M {\n  latent z : 4\n  p(z = Normal(0, 1)\n}\n");

      const check = await run(["fmt", "--check", messy]);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain("messy.vae");
      expect(readFileSync(messy, "utf8")).toBe(source);

      const write = await run(["fmt", messy]);
      expect(write.code).toBe(0);
      const written = readFileSync(messy, "utf8");
      expect(written).toBe(await formatSpec(source, join(root, "tests/golden/ok/compact.vae")));
      expect(readdirSync(dir).sort()).toEqual(["broken.vae", "messy.vae"]);
      expect((await run(["fmt", "--check", messy])).code).toBe(0);

      const bad = await run(["fmt", broken]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/error\[VAE0\d\d\]/);
      expect(bad.stderr).toContain("broken.vae:3:");
      expect(readFileSync(broken, "utf8")).toBe(
        "model M {\n  latent z : 4\n  p(z = Normal(0, 1)\n}\n",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 1 and names a file it cannot read", async () => {
    const result = await run(["fmt", "--check", "no/such/spec.vae"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no/such/spec.vae");
  });
});
