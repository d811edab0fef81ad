import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { parse } from "@vaec/dsl";
import plugin from "./plugin.js";

/*
 * A 7,000-term sum or 10,000 signs in a row is a tree thousands deep; the printer walks such
 * chains in a loop (prettier itself would recurse once per level) and prints them flat.
 */

function format(text: string): Promise<string> {
  return prettier.format(text, { parser: "vae", plugins: [plugin], filepath: "long.vae" });
}

describe("long flat expressions", () => {
  it("formats a 7,000-term sum on one line, to a fixed point", async () => {
    const terms = Array.from({ length: 7000 }, (_, i) => String(i % 10));
    const text = `param a = ${terms.join("+")}-1*2\n`;
    const formatted = await format(text);
    expect(formatted).toBe(`param a = ${terms.join(" + ")} - 1 * 2\n`);
    expect(await format(formatted)).toBe(formatted);
  });

  it("keeps the parentheses a chain needs and drops the rest", async () => {
    const text = `param a = ${"(".repeat(50)}1 - 2${")".repeat(50)} - (3 - 4) * 5 + (6 * 7)\n`;
    expect(await format(text)).toBe("param a = 1 - 2 - (3 - 4) * 5 + 6 * 7\n");
  });

  it("formats 10,000 signs as spaced signs, which parse back to the same tree", async () => {
    const text = `param b = ${"-".repeat(10_000)}(1 + 2)\n`;
    const formatted = await format(text);
    expect(formatted).toBe(`param b = ${Array(10_000).fill("-").join(" ")}(1 + 2)\n`);
    expect(parse({ path: "long.vae", text: formatted }).diagnostics).toEqual([]);
    expect(await format(formatted)).toBe(formatted);
  });
});
