import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import plugin from "./plugin.js";

/*
 * One folder per formatting case: `input.vae` must format to `output.vae`, and `output.vae`
 * must format to itself. Update an output only after reading the diff.
 */

const casesDir = join(import.meta.dirname, "cases");
const cases = readdirSync(casesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function format(text: string): Promise<string> {
  return prettier.format(text, { parser: "vae", plugins: [plugin], filepath: "case.vae" });
}

describe("formatting cases", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThan(10));

  describe.each(cases)("%s", (name) => {
    const input = readFileSync(join(casesDir, name, "input.vae"), "utf8");
    const output = readFileSync(join(casesDir, name, "output.vae"), "utf8");

    it("formats input.vae to output.vae", async () => {
      expect(await format(input)).toBe(output);
    });

    it("leaves output.vae unchanged", async () => {
      expect(await format(output)).toBe(output);
    });
  });
});

describe("the vaeAlign option", () => {
  it("turns alignment off when false", async () => {
    const input = readFileSync(join(casesDir, "align-factors", "output.vae"), "utf8");
    const output = await prettier.format(input, {
      parser: "vae",
      plugins: [plugin],
      vaeAlign: false,
    } as prettier.Options);
    expect(output).toContain("  p(z2) = Normal(0, 1)\n  p(z1 | z2) = Normal(mlp[256])\n");
    expect(output).not.toMatch(/\) {2,}=/);
  });
});
