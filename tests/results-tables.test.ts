import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { recordFixture } from "../packages/runtime/test-support/record-fixture.js";
import { runScript } from "./vaec-cli.js";

/*
 * examples/study/results-tables.ts from the command line: a study folder's records in, markdown
 * out (the tables' contents are tested in packages/runtime/src/study/results-tables.test.ts);
 * a folder without records is a clear error, not a stack trace.
 */

const work = mkdtempSync(join(tmpdir(), "vaec-e2e-results-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const tables = (...args: string[]) => runScript("examples/study/results-tables.ts", work, ...args);

describe("results-tables.ts", () => {
  it("prints the tables of a study folder's records", async () => {
    const points = join(work, "study", "points");
    mkdirSync(points, { recursive: true });
    for (const [spec, model] of [
      ["a.vae", "Small"],
      ["b.vae", "Deep"],
    ])
      for (const beta of [1, 4])
        for (const seed of [1, 2]) {
          const r = recordFixture({ spec, model, beta, seed, deltas: [beta, seed + 1] });
          writeFileSync(join(points, `${r.id}.json`), JSON.stringify(r));
        }
    const ran = await tables("study", "--baseline", "Small", "--seatbelt", "b.vae");
    expect(ran.stderr).toBe("8 point records in study: computing the tables...\n");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^## sprites\n/);
    expect(ran.stdout).toContain("Roles in the claims: β-TCVAE baseline Small; Seatbelt Deep.");
    expect(ran.stdout).toContain("| Deep - Small at β = 4 | kl ");
  });

  it("writes the tables between a page's markers with --into, keeping the rest", async () => {
    const page = join(work, "results.md");
    const text = (middle: string) =>
      `# Results\n\nverdicts by hand\n\n<!-- results-tables:start -->\n${middle}<!-- results-tables:end -->\n\nafter\n`;
    writeFileSync(page, text("old tables\n"));
    const ran = await tables("study", "--baseline", "Small", "--seatbelt", "b.vae", "--into", page);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe("");
    const printed = await tables("study", "--baseline", "Small", "--seatbelt", "b.vae");
    expect(readFileSync(page, "utf8")).toBe(text(`\n${printed.stdout}\n`));
    writeFileSync(page, "# no markers\n");
    const refused = await tables("study", "--into", page);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("has no <!-- results-tables:start -->");
    expect(readFileSync(page, "utf8")).toBe("# no markers\n");
  });

  it("says what is wrong with a folder that holds no records", async () => {
    const missing = await tables("nowhere");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("nowhere holds no points/ folder");
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    mkdirSync(join(work, "empty", "points"), { recursive: true });
    const empty = await tables("empty");
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("holds no point records yet");
    expect((await tables()).stderr).toContain("which study folder?");
  });

  it("answers an unknown flag with the usage, not a stack trace", async () => {
    const ran = await tables("study", "--bogus");
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^error: Unknown option '--bogus'/);
    expect(ran.stderr).toContain("usage: results-tables.ts <study folder>");
    expect(ran.stderr).not.toMatch(/\n\s+at /);
  });
});
