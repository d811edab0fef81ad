import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { mathStyle, splitTopLevel, typeset, typesetEquation } from "./typeset.js";

describe("typeset", () => {
  it("renders LaTeX as well-formed MathML", () => {
    const math = typeset(
      "\\mathcal{L}(\\mathbf{x}) = \\mathbb{E}_{q_{\\phi}}\\left[\\log p\\right]",
    );
    expect(math).toMatch(/^<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML"/);
    expect(math).toContain('<mi class="mathcal">ℒ</mi>');
    expect(XMLValidator.validate(math)).toBe(true);
  });

  it("cuts an equation only between top-level terms", () => {
    expect(splitTopLevel("A = B - \\left(\\beta - 1\\right) \\, C + D_{a - b}")).toEqual([
      "A",
      "= B",
      "- \\left(\\beta - 1\\right) \\, C",
      "+ D_{a - b}",
    ]);
    expect(splitTopLevel("\\lambda \\, \\lVert d \\rVert_{2}")).toEqual([
      "\\lambda \\, \\lVert d \\rVert_{2}",
    ]);
  });

  it("gives each piece of a display equation its own <math>", () => {
    const html = typesetEquation("A = B - C");
    expect(html.match(/<math /g)).toHaveLength(3);
    expect(XMLValidator.validate(html)).toBe(true);
  });

  it("inlines Temml's font: the stylesheet loads nothing", () => {
    expect(mathStyle()).toContain("url(data:font/woff2;base64,");
    expect(mathStyle()).not.toMatch(/url\((?!["']?(data:|%23))/);
  });
});
