import { describe, expect, it } from "vitest";
import { parse, type Expression } from "@vaec/dsl";
import { expressionText } from "./expression-text.js";

function expr(text: string): Expression {
  const item = parse({ path: "t.vae", text: `param v = ${text}\n` }).result!.items[0];
  if (item.kind !== "ParamDecl") throw new Error("not a param");
  return item.value;
}

/** The tree without spans, to compare a reading of the text with the original. */
function shape(e: Expression): unknown {
  return JSON.parse(
    JSON.stringify(e, (k, v: unknown) => (k === "span" || k === "parenthesized" ? undefined : v)),
  );
}

describe("expressionText", () => {
  it.each([
    ["1 - (2 - 3)", "1 - (2 - 3)"],
    ["(1 - 2) - 3", "1 - 2 - 3"],
    ["(1 + 2) * 3", "(1 + 2) * 3"],
    ["2 ^ 3 ^ 2", "2 ^ 3 ^ 2"],
    ["(2 ^ 3) ^ 2", "(2 ^ 3) ^ 2"],
    ["-2 ^ 2", "-2 ^ 2"],
    ["(-2) ^ 2", "(-2) ^ 2"],
    ["2 ^ -1", "2 ^ -1"],
    ["-(a + b) * -c", "-(a + b) * -c"],
    ["- -a", "--a"],
    ['adam(lr = 1e-3 * 2, "x")', 'adam(lr = 1e-3 * 2, "x")'],
    ["[mlp[64, 64], 0x10]", "[mlp[64, 64], 0x10]"],
  ])("%s reads back as %s, the same tree", (source, text) => {
    expect(expressionText(expr(source))).toBe(text);
    expect(shape(expr(text))).toEqual(shape(expr(source)));
  });

  it("writes a 7,000-term sum flat, without recursion, and it reads back", () => {
    const source = Array(7000).fill("1").join(" + ");
    const text = expressionText(expr(source));
    expect(text).toBe(source);
    expect(parse({ path: "t.vae", text: `param v = ${text}` }).diagnostics).toEqual([]);
    expect(expressionText(expr(`${"-".repeat(10_000)}1`))).toBe(`${"-".repeat(10_000)}1`);
  });
});
