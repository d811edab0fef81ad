import { describe, expect, it } from "vitest";
import { classifyTokens, type TokenClass } from "./token-classes.js";

function classesOf(text: string): Array<[string, TokenClass]> {
  return classifyTokens(text).map((r) => [text.slice(r.from, r.to), r.cls]);
}

describe("the .vae highlighter", () => {
  it("classes each token of a spec by the real lexer's token type", () => {
    const text = 'model M { latent z : 4  p(x | z) = Bernoulli(mlp[64]) } # the end\nparam s = "a"';
    expect(classesOf(text)).toEqual([
      ["model", "keyword"],
      ["M", "name"],
      ["{", "punctuation"],
      ["latent", "keyword"],
      ["z", "name"],
      [":", "punctuation"],
      ["4", "number"],
      ["p", "factor"],
      ["(", "punctuation"],
      ["x", "name"],
      ["|", "operator"],
      ["z", "name"],
      [")", "punctuation"],
      ["=", "operator"],
      ["Bernoulli", "distribution"],
      ["(", "punctuation"],
      ["mlp", "name"],
      ["[", "punctuation"],
      ["64", "number"],
      ["]", "punctuation"],
      [")", "punctuation"],
      ["}", "punctuation"],
      ["# the end", "comment"],
      ["param", "keyword"],
      ["s", "name"],
      ["=", "operator"],
      ['"a"', "string"],
    ]);
  });

  it("keeps a keyword's prefix inside a longer name an identifier", () => {
    expect(classesOf("modelled datum")).toEqual([
      ["modelled", "name"],
      ["datum", "name"],
    ]);
  });

  it("still classes the rest when the text has characters the language lacks", () => {
    const ranges = classesOf("latent z : 4 ; beta = 1e-3");
    expect(ranges).toContainEqual(["1e-3", "number"]);
    expect(ranges).toContainEqual(["beta", "name"]);
    expect(ranges.map(([t]) => t)).not.toContain(";");
  });

  it("marks an unterminated string as a string up to the line's end", () => {
    expect(classesOf('param s = "open\nlatent')).toEqual([
      ["param", "keyword"],
      ["s", "name"],
      ["=", "operator"],
      ['"open', "string"],
      ["latent", "keyword"],
    ]);
  });
});
