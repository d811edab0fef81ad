import { describe, expect, it } from "vitest";
import { factorHtml, splitVariableName, variableHtml } from "./variable-label.js";

describe("variable labels", () => {
  it("raises a trailing layer index as the seed post writes z^2", () => {
    expect(splitVariableName("z2")).toEqual({ base: "z", index: "2" });
    expect(splitVariableName("z_12")).toEqual({ base: "z", index: "12" });
    expect(splitVariableName("style_top")).toEqual({ base: "style_top" });
    expect(splitVariableName("x")).toEqual({ base: "x" });
  });

  it("writes Graphviz HTML-like labels", () => {
    expect(variableHtml("z1", 20)).toBe('<I>z</I><SUP><FONT POINT-SIZE="14">1</FONT></SUP>');
    expect(factorHtml("q", "z", ["x"], 10)).toBe("<I>q</I>(<I>z</I> | <I>x</I>)");
    expect(factorHtml("p", "z", [], 10)).toBe("<I>p</I>(<I>z</I>)");
  });
});
