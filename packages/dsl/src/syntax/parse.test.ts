import { describe, expect, it } from "vitest";
import type { AnyNode, Expression, ModelDecl, Program } from "../ast.js";
import type { Span } from "../span.js";
import { BUILT_IN_SPEC } from "../../scripts/fuzz-corpus.js";
import { walkAst } from "./ast-walk.js";
import { parse } from "./parse.js";

function parseOk(text: string): Program {
  const { result, diagnostics } = parse({ path: "t.vae", text });
  expect(diagnostics).toEqual([]);
  return result!;
}

/** Every node's span is inside the text, its line:column agrees with its offset, and leaves cover their text. */
function expectSoundSpans(text: string, program: Program): void {
  const lineStarts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) lineStarts.push(match.index + match[0].length);
  const checkSpan = (span: Span, what: string) => {
    for (const p of [span.start, span.end]) {
      expect(p.offset, what).toBeGreaterThanOrEqual(0);
      expect(p.offset, what).toBeLessThanOrEqual(text.length);
      expect(lineStarts[p.line - 1] + p.column - 1, `${what} ${p.line}:${p.column}`).toBe(p.offset);
    }
    expect(span.start.offset).toBeLessThanOrEqual(span.end.offset);
  };
  for (const node of walkAst(program) as Iterable<AnyNode>) {
    checkSpan(node.span, node.kind);
    const slice = text.slice(node.span.start.offset, node.span.end.offset);
    if (node.kind === "Identifier") expect(slice).toBe(node.name);
    if (node.kind === "Number" || node.kind === "String") expect(slice).toBe(node.raw);
    if (node.kind === "Comment") expect(slice).toBe(`#${node.text}`);
    if (node.kind === "FactorDecl") checkSpan(node.headSpan, "headSpan");
  }
}

function expr(text: string): Expression {
  const program = parseOk(`param v = ${text}`);
  const item = program.items[0];
  if (item.kind !== "ParamDecl") throw new Error("not a param");
  return item.value;
}

/** A compact rendering of an expression tree, to test precedence. */
function show(e: Expression): string {
  switch (e.kind) {
    case "Number":
      return String(e.value);
    case "String":
      return JSON.stringify(e.value);
    case "Reference":
      return e.name.name;
    case "Unary":
      return `(${e.op}${show(e.operand)})`;
    case "Binary":
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "List":
      return `[${e.items.map(show).join(", ")}]`;
    case "Call":
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name}=` : "") + show(a.value)).join(", ")})`;
    case "Network":
      return `${e.name.name}[${e.args.map((a) => (a.name ? `${a.name.name}=` : "") + show(a.value)).join(", ")}]`;
  }
}

describe("parse", () => {
  it("builds the AST of every construct, with sound spans", () => {
    const program = parseOk(BUILT_IN_SPEC);
    expectSoundSpans(BUILT_IN_SPEC, program);
    expect(program.items.map((item) => item.kind)).toEqual([
      "ParamDecl",
      "ModelDecl",
      "TrainBlock",
      "AttackBlock",
      "SweepDecl",
    ]);
    const model = program.items[1] as ModelDecl;
    expect(model.name.name).toBe("Everything");
    expect(model.members.map((m) => m.kind)).toEqual([
      "DataDecl",
      "LatentDecl",
      "LatentDecl",
      "ParamDecl",
      "FactorDecl",
      "FactorDecl",
      "FactorDecl",
      "FactorDecl",
      "FactorDecl",
      "PenaltyDecl",
      "PenaltyDecl",
    ]);
    const data = model.members[0];
    expect(data).toMatchObject({ kind: "DataDecl", name: { name: "x" }, type: { name: "real" } });
    if (data.kind !== "DataDecl") throw new Error();
    expect(data.shape.map(show)).toEqual(["3", "64", "64"]);
    expect(show(data.range!)).toBe("[(-1), 1]");
    const likelihood = model.members[6];
    if (likelihood.kind !== "FactorDecl") throw new Error();
    expect(likelihood.model.name).toBe("p");
    expect(likelihood.target.name).toBe("x");
    expect(likelihood.given.map((g) => g.name)).toEqual(["z1", "z2"]);
    expect(likelihood.distribution.name.name).toBe("Normal");
    expect(
      likelihood.distribution.args.map((a) => (a.name ? `${a.name.name}=` : "") + show(a.value)),
    ).toEqual(["conv[64, 64, 32, 32, kernel=4, stride=2]", "scale=learned"]);
    expect(
      BUILT_IN_SPEC.slice(likelihood.headSpan.start.offset, likelihood.headSpan.end.offset),
    ).toBe("p(x | z1, z2)");
    const penalty = model.members[9];
    expect(penalty).toMatchObject({
      kind: "PenaltyDecl",
      penalty: { name: "tc" },
      target: { name: "z2" },
    });
    if (penalty.kind !== "PenaltyDecl") throw new Error();
    expect(penalty.settings.map((s) => `${s.name.name}=${show(s.value)}`)).toEqual([
      "beta=beta",
      "estimator=mss",
    ]);
    const train = program.items[2];
    if (train.kind !== "TrainBlock") throw new Error();
    expect(train.settings.map((s) => `${s.name.name}=${show(s.value)}`)).toEqual([
      'data=npz("faces.npz", "images\\n😀")',
      "batch=256",
      "epochs=20",
      "optimizer=adam(lr=0.001)",
    ]);
    const sweep = program.items[4];
    expect(sweep.kind === "SweepDecl" && show(sweep.axes[0].values)).toBe("[1, 2, 4, 8]");
    expect(program.comments.map((c) => c.text)).toEqual([" every construct of the language"]);
  });

  it("reads a sweep over several axes, params and dotted settings", () => {
    const program = parseOk(
      "sweep beta in [1, 2], train.seed in [1, 2, 3],\n  train.data in [sprites, mnist]\n",
    );
    expectSoundSpans(
      "sweep beta in [1, 2], train.seed in [1, 2, 3],\n  train.data in [sprites, mnist]\n",
      program,
    );
    const sweep = program.items[0];
    if (sweep.kind !== "SweepDecl") throw new Error("not a sweep");
    expect(
      sweep.axes.map((a) => `${a.block ? `${a.block.name}.` : ""}${a.name.name}=${show(a.values)}`),
    ).toEqual(["beta=[1, 2]", "train.seed=[1, 2, 3]", "train.data=[sprites, mnist]"]);
  });

  it("still reads `.5` as a number beside the dot of a setting key", () => {
    const program = parseOk("sweep train.lr in [.5, 1]\n");
    const sweep = program.items[0];
    expect(sweep.kind === "SweepDecl" && show(sweep.axes[0].values)).toBe("[0.5, 1]");
  });

  it.each([
    ["1 + 2 * 3", "(1 + (2 * 3))"],
    ["1 - 2 - 3", "((1 - 2) - 3)"],
    ["8 / 4 / 2", "((8 / 4) / 2)"],
    ["2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"],
    ["-2 ^ 2", "(-(2 ^ 2))"],
    ["2 ^ -1", "(2 ^ (-1))"],
    ["(1 + 2) * 3", "((1 + 2) * 3)"],
    ["- -x", "(-(-x))"],
    ["+1e-3", "(+0.001)"],
    ["a * b + c / d - e", "(((a * b) + (c / d)) - e)"],
    ["[1, [2, 3], f(x, y = 2)]", "[1, [2, 3], f(x, y=2)]"],
    ["grid(-20, 20, 50)", "grid((-20), 20, 50)"],
    ["mlp[]", "mlp[]"],
    ["f()", "f()"],
    ["[]", "[]"],
    ['"a\\tb"', '"a\\tb"'],
  ])("%s parses as %s", (text, shape) => {
    expect(show(expr(text))).toBe(shape);
  });

  it("marks parenthesised expressions and keeps the parentheses inside enclosing spans", () => {
    const text = "param v = (1 + 2) * 3";
    const e = expr("(1 + 2) * 3");
    if (e.kind !== "Binary" || e.left.kind !== "Binary") throw new Error();
    expect(e.left.parenthesized).toBe(true);
    expect(text.slice(e.span.start.offset, e.span.end.offset)).toBe("(1 + 2) * 3");
    expect(text.slice(e.left.span.start.offset, e.left.span.end.offset)).toBe("1 + 2");
  });

  it("accepts newlines anywhere, optional and trailing commas, keywords as setting names", () => {
    const program = parseOk("train {\n data\n =\n sprites\n batch = 2,\n}\nattack{}\nmodel M{}");
    expect(program.items.map((i) => i.kind)).toEqual(["TrainBlock", "AttackBlock", "ModelDecl"]);
  });

  it("ends a `with` list at the next member, even one that starts with a keyword", () => {
    const program = parseOk(
      "model M {\n penalize tc(z) with beta = 2 estimator = mss\n penalize kl(z) with beta = 4\n data x : binary[2]\n p(z) = Normal(0, 1)\n}",
    );
    const model = program.items[0] as ModelDecl;
    expect(model.members.map((m) => m.kind)).toEqual([
      "PenaltyDecl",
      "PenaltyDecl",
      "DataDecl",
      "FactorDecl",
    ]);
  });

  it("handles an empty file, only comments, CRLF, lone CR, tabs and unicode", () => {
    expect(parseOk("")).toMatchObject({ items: [], comments: [] });
    expect(parseOk("# only a comment").comments).toHaveLength(1);
    for (const text of [
      "model M {\r\n  latent z : 8\r\n  # ß 😀\r\n}\r\n",
      "model M {\r  latent z : 8\r}\r",
      "model M {\n\tlatent\tz : 8 # 模型\n\tdata x : binary[2, 2]\n}\n",
      '\ufeffparam a = 1 # café 😀\nparam b = "naïve 😀"\n',
    ]) {
      expectSoundSpans(text, parseOk(text));
    }
  });

  it("reports spans by line and UTF-16 column after CRLF, tabs and astral characters", () => {
    const { diagnostics } = parse({ path: "t.vae", text: 'param a = "😀" # 😀\r\n\tlatent z : 8' });
    expect(diagnostics[0]).toMatchObject({
      code: "VAE010",
      span: { start: { line: 2, column: 2, offset: 22 } },
    });
  });

  it("parses a 1 MB spec quickly with sound spans", () => {
    let text = "";
    for (let i = 0; text.length < 1_000_000; i++)
      text += BUILT_IN_SPEC.replace("Everything", `M${i}`);
    const started = performance.now();
    const program = parseOk(text);
    const seconds = (performance.now() - started) / 1000;
    expect(program.items.length).toBeGreaterThan(5000);
    expect(seconds).toBeLessThan(30);
    const last = program.items.at(-1)!;
    expect(text.slice(last.span.start.offset, last.span.end.offset)).toBe(
      "sweep beta in [1, 2, 4, 8,]",
    );
    expect(last.span.start.line).toBe(text.slice(0, last.span.start.offset).split("\n").length);
  });

  it("turns an internal failure into VAE900 instead of throwing", () => {
    const { result, diagnostics } = parse({ path: "t.vae", text: undefined as unknown as string });
    expect(result).toBeUndefined();
    expect(diagnostics).toMatchObject([{ code: "VAE900", severity: "error", file: "t.vae" }]);
  });

  it("never throws and reports several errors in one run", () => {
    const { result, diagnostics } = parse({
      path: "t.vae",
      text: "param beta 2\nmodel M {\n  latnet z : 8\n  p(x | z = N()\n}\ntrain { batch 64 }\n",
    });
    expect(result).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(["VAE014", "VAE015", "VAE011", "VAE014"]);
  });
});
