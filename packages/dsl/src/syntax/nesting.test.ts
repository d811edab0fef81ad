import { describe, expect, it } from "vitest";
import type { Expression } from "../ast.js";
import { walkAst } from "./ast-walk.js";
import { MAX_NESTING } from "./nesting.js";
import { parse } from "./parse.js";

const parseParam = (value: string) => parse({ path: "t.vae", text: `param v = ${value}\n` });
const nested = (open: string, close: string, levels: number) =>
  `${open.repeat(levels)}1${close.repeat(levels)}`;
const codes = (value: string) => parseParam(value).diagnostics.map((d) => d.code);

describe("nesting limit (VAE019)", () => {
  it("reports 400 nested parentheses as VAE019 at the first level too deep, not VAE900", () => {
    const { result, diagnostics } = parseParam(nested("(", ")", 400));
    expect(result).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: "VAE019",
      severity: "error",
      message: `expression nested more than ${MAX_NESTING} levels deep`,
      span: { start: { line: 1, column: "param v = ".length + MAX_NESTING + 1 } },
    });
    expect(diagnostics[0].help).toMatch(/param/);
  });

  it("allows exactly the limit, of brackets, calls, networks and powers", () => {
    expect(codes(nested("(", ")", MAX_NESTING))).toEqual([]);
    expect(codes(nested("[", "]", MAX_NESTING))).toEqual([]);
    expect(codes(nested("f(", ")", MAX_NESTING))).toEqual([]);
    expect(
      codes(
        Array(MAX_NESTING + 1)
          .fill("2")
          .join(" ^ "),
      ),
    ).toEqual([]);
    expect(codes(nested("[", "]", MAX_NESTING + 1))).toEqual(["VAE019"]);
    expect(codes(nested("mlp[", "]", MAX_NESTING + 1))).toEqual(["VAE019"]);
    expect(
      codes(
        Array(MAX_NESTING + 2)
          .fill("2")
          .join(" ^ "),
      ),
    ).toEqual(["VAE019"]);
    // Powers inside brackets add up with the brackets around them.
    expect(codes(`${"(".repeat(60)}${Array(42).fill("2").join("^-")}${")".repeat(60)}`)).toEqual([
      "VAE019",
    ]);
  });

  it("counts a power chain only until it ends", () => {
    const powers = Array(60).fill("2").join(" ^ ");
    // Two chains side by side, in one sum, in a list and in separate settings: 59 levels each.
    expect(codes(`${powers} + ${powers} * ${powers}`)).toEqual([]);
    expect(codes(`[${powers}, ${powers}]`)).toEqual([]);
    const settings = parse({
      path: "t.vae",
      text: `train { batch = ${powers} steps = ${powers}\n seed = ${powers} }\n`,
    });
    expect(settings.diagnostics.map((d) => d.code)).toEqual([]);
  });

  it("parses long flat chains with no limit: 7,000 terms, 10,000 signs", () => {
    const sum = parseParam(Array(7000).fill("1").join(" + "));
    expect(sum.diagnostics).toEqual([]);
    const signs = parseParam(`${"-".repeat(10_000)}1`);
    expect(signs.diagnostics).toEqual([]);
    // walkAst visits the 10,000-deep tree without recursion, in source order.
    const kinds = [...walkAst(signs.result!)].map((n) => n.kind);
    expect(kinds.filter((k) => k === "Unary")).toHaveLength(10_000);
    const item = sum.result!.items[0];
    const value = item.kind === "ParamDecl" ? item.value : undefined;
    const numbers = [...walkAst(value as Expression)].filter((n) => n.kind === "Number");
    expect(numbers.map((n) => n.span.start.column).slice(0, 3)).toEqual([11, 15, 19]);
  });

  it("keeps the lexer's diagnostics next to VAE019", () => {
    expect(codes(`@ + ${nested("(", ")", 200)}`)).toEqual(["VAE001", "VAE019"]);
  });
});
