import { describe, expect, it } from "vitest";
import { constructors, defineCatalogue, messageSpecs } from "./catalogue.js";
import { docPage } from "./doc-page.js";
import { SYNTAX_CATALOGUE } from "./syntax-codes.js";

const SPAN = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 3, line: 1, column: 4 } };

const entry = {
  title: "a test code",
  severity: "warning",
  explanation: "Why.",
  example: { shown: "```text\nwarning[VAE998]: thing `x` is odd\n```" },
  fix: "Do not.",
} as const;

describe("diagnostics catalogue", () => {
  const catalogue = defineCatalogue({
    VAE998: { ...entry, messages: { oddThing: "thing `{name}` is odd", plain: "plain" } },
  });
  const diag = constructors(catalogue);

  it("derives one typed constructor per message", () => {
    expect(diag.oddThing(SPAN, { name: "x" })).toEqual({
      code: "VAE998",
      severity: "warning",
      message: "thing `x` is odd",
      span: SPAN,
    });
    expect(diag.plain(SPAN).message).toBe("plain");
    // @ts-expect-error: the template's hole `name` must be given
    expect(diag.oddThing(SPAN, {}).message).toBe("thing `{name}` is odd");
    expect(messageSpecs(catalogue).oddThing.code).toBe("VAE998");
  });

  it("rejects a code declared twice and a message name used twice", () => {
    expect(SYNTAX_CATALOGUE.VAE011.title).toBe("unclosed delimiter");
    expect(() => defineCatalogue({ VAE011: { ...entry, messages: { other: "m" } } })).toThrow(
      /declared twice/,
    );
    expect(() =>
      defineCatalogue({
        VAE996: { ...entry, messages: { same: "a" } },
        VAE997: { ...entry, messages: { same: "b" } },
      }),
    ).toThrow(/same is declared twice/);
  });

  it("renders a page with the severity, explanation, example and fix", () => {
    const page = docPage("VAE998", { ...entry, messages: { plain: "plain" } });
    expect(page.split("\n").slice(0, 3)).toEqual([
      "# VAE998: a test code",
      "",
      "Severity: warning.",
    ]);
    expect(page).toContain("## Example\n\n```text\nwarning[VAE998]");
    expect(page.endsWith("## Fix\n\nDo not.\n")).toBe(true);
    expect(() => docPage("VAE998", { ...entry, messages: {}, example: { spec: "x" } })).toThrow();
  });
});
