import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runVaec, vaecBin } from "./vaec-cli.js";

/*
 * Hostile input from the command line (issue 11, reliability): each ends in a coded diagnostic
 * with a help line and exit 1, never VAE900 and never silence.
 */

const work = mkdtempSync(join(tmpdir(), "vaec-reliability-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MODEL = `model Vae {
  data   x : binary[28, 28]
  latent z : 8
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[64])
  q(z | x) = Normal(mlp[64])
}
`;

function spec(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe("deeply nested and very long expressions", () => {
  it("reports 400 nested parentheses as VAE019 with a help line, exit 1", async () => {
    const path = spec("nested.vae", `param beta = ${"(".repeat(400)}1${")".repeat(400)}\n${MODEL}`);
    const ran = await runVaec(work, "check", path);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^error\[VAE019\]: expression nested more than 100 levels deep/);
    expect(ran.stderr).toMatch(/^help: /m);
    expect(ran.stderr).not.toContain("VAE900");
  });

  it("checks and formats a 7,000-term sum and 10,000 unary minuses", async () => {
    const sum = spec("sum.vae", `param beta = ${Array(7000).fill("1").join("+")}\n${MODEL}`);
    const signs = spec("signs.vae", `param beta = ${"-".repeat(10_000)}1\n${MODEL}`);
    const checked = await runVaec(work, "check", sum, signs);
    expect(checked.stderr).toBe("");
    expect(checked.stdout).toContain("2 files checked: no errors");
    expect(checked.code).toBe(0);
    const formatted = await runVaec(work, "fmt", sum, signs);
    expect(formatted.code, formatted.stderr).toBe(0);
    expect(readFileSync(sum, "utf8")).toMatch(/^param beta = 1 \+ 1 \+ 1/);
    const rechecked = await runVaec(work, "check", sum, signs);
    expect(rechecked.code, rechecked.stderr).toBe(0);
  });
});

describe("check --format json at any size", () => {
  it("prints one JSON document with 100,000 diagnostics", () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `param p${i} = 1 / 0`);
    const path = spec("many.vae", `${lines.join("\n")}\n${MODEL}`);
    // stdout to a file: the document is tens of megabytes.
    const out = join(work, "many.json");
    const fd = openSync(out, "w");
    const ran = spawnSync(process.execPath, [vaecBin, "check", path, "--format", "json"], {
      cwd: work,
      stdio: ["ignore", fd, "pipe"],
      encoding: "utf8",
    });
    closeSync(fd);
    expect(ran.status, ran.stderr).toBe(1);
    const document = JSON.parse(readFileSync(out, "utf8")) as {
      ok: boolean;
      diagnostics: Array<{ code: string }>;
    };
    expect(document.ok).toBe(false);
    expect(document.diagnostics).toHaveLength(100_000);
    expect(new Set(document.diagnostics.map((d) => d.code))).toEqual(new Set(["VAE119"]));
  }, 120_000);
});
