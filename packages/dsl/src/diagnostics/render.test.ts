import { describe, expect, it } from "vitest";
import { diagnostic } from "./define.js";
import { diagnosticsToJson } from "./json.js";
import { renderDiagnostics } from "./render.js";
import { SYNTAX } from "./syntax-codes.js";
import type { Span } from "../span.js";
import { parse } from "../syntax/parse.js";

function span(line: number, column: number, length: number, offset = 0): Span {
  return {
    start: { line, column, offset },
    end: { line, column: column + length, offset: offset + length },
  };
}

function render(text: string): string {
  const { diagnostics } = parse({ path: "t.vae", text });
  return renderDiagnostics(diagnostics, new Map([["t.vae", text]]));
}

describe("renderDiagnostics", () => {
  it("renders the design's example exactly: two labels on distant lines, help", () => {
    const lines = Array(12).fill("");
    lines[8] = "  p(z1 | z2) = Normal(mlp[64])";
    lines[11] = "  p(z2 | z1) = Normal(mlp[64])";
    const d = diagnostic(
      {
        code: "VAE204",
        title: "cycle",
        severity: "error",
        message: "`{a}` is conditioned on itself through `{b}`",
      },
      "examples/cycle.vae",
      span(9, 3, 10),
      { a: "z2", b: "z1" },
    )
      .withPrimaryLabel("this factor makes `z1` depend on `z2` ...")
      .withLabel(span(12, 3, 10), "... and this one makes `z2` depend on `z1`")
      .withHelp(
        "a generative model must be a directed acyclic graph; drop one of the two conditionings",
      )
      .build();
    expect(renderDiagnostics([d], new Map([["examples/cycle.vae", lines.join("\n")]]))).toBe(
      [
        "error[VAE204]: `z2` is conditioned on itself through `z1`",
        "  --> examples/cycle.vae:9:3",
        "   |",
        " 9 |   p(z1 | z2) = Normal(mlp[64])",
        "   |   ^^^^^^^^^^ this factor makes `z1` depend on `z2` ...",
        "12 |   p(z2 | z1) = Normal(mlp[64])",
        "   |   ---------- ... and this one makes `z2` depend on `z1`",
        "help: a generative model must be a directed acyclic graph; drop one of the two conditionings",
        "",
      ].join("\n"),
    );
  });

  it("hangs labels of the same line off connectors, and prints notes", () => {
    const d = diagnostic(SYNTAX.unknownCharacter, "f.vae", span(1, 9, 1), { char: "@" })
      .withPrimaryLabel("primary")
      .withLabel(span(1, 1, 3), "first")
      .withLabel(span(1, 5, 2), "second")
      .withNote("a note")
      .build();
    expect(renderDiagnostics([d], () => "abc de @ x")).toBe(
      [
        "error[VAE001]: unknown character `@`",
        " --> f.vae:1:9",
        "  |",
        "1 | abc de @ x",
        "  | --- --  ^ primary",
        "  | |   |",
        "  | |   second",
        "  | |",
        "  | first",
        "  = note: a note",
        "",
      ].join("\n"),
    );
  });

  it("aligns carets after tabs and wide characters", () => {
    expect(render("# 模型\n\tparam\tβ = 1\n")).toContain(
      ["2 |     param    β = 1", "  |              ^ not part of the language"].join("\n"),
    );
    expect(render('param s = "模型😀" ;')).toContain(
      ['1 | param s = "模型😀" ;', "  |                    ^"].join("\n"),
    );
  });

  it("handles CRLF, an empty file and a missing source", () => {
    expect(render("param a = 1\r\nparam b 2\r\n")).toContain(
      "2 | param b 2\n  |         ^ expected `=`",
    );
    const empty = diagnostic(SYNTAX.unexpectedEof, "e.vae", span(1, 1, 0), {
      expected: "a name",
      context: "",
    }).build();
    expect(renderDiagnostics([empty], new Map([["e.vae", ""]]))).toBe(
      "error[VAE013]: expected a name, found end of file\n --> e.vae:1:1\n  |\n1 |\n  | ^\n",
    );
    expect(renderDiagnostics([empty], new Map())).toBe(
      "error[VAE013]: expected a name, found end of file\n --> e.vae:1:1\n",
    );
  });

  it("prints no location for a diagnostic that is about no file", () => {
    const machine = diagnostic(SYNTAX.unexpectedEof, "", span(1, 1, 0), {
      expected: "a name",
      context: "",
    })
      .withHelp("install it")
      .build();
    expect(renderDiagnostics([machine], new Map())).toBe(
      "error[VAE013]: expected a name, found end of file\nhelp: install it\n",
    );
  });

  it("colours only when asked", () => {
    const text = "param b 2";
    const { diagnostics } = parse({ path: "t.vae", text });
    const sources = new Map([["t.vae", text]]);
    expect(renderDiagnostics(diagnostics, sources, { color: true })).toMatch(/\x1b\[/);
    expect(renderDiagnostics(diagnostics, sources)).not.toMatch(/\x1b\[/);
  });

  it("gives the same data as JSON", () => {
    const { diagnostics } = parse({ path: "t.vae", text: "param b 2" });
    const [json] = diagnosticsToJson(diagnostics) as Array<Record<string, unknown>>;
    expect(json).toMatchObject({
      code: "VAE014",
      severity: "error",
      file: "t.vae",
      labels: [],
      notes: [],
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
