import { describe, expect, it } from "vitest";
import { FONT_STACK } from "./diagram-style.js";
import { helveticaWidth, reflowGraphvizText } from "./reflow-text.js";

const run = (x: number, y: number, attrs: string, text: string) =>
  `<text xml:space="preserve" text-anchor="start" x="${x}" y="${y}" font-family="Helvetica,sans-Serif"${attrs}>${text}</text>`;

describe("reflowGraphvizText", () => {
  it("merges the runs of one line into a centred text of tspans", () => {
    const svg = [
      "<g>",
      run(10, -5, ' font-style="italic" font-size="18.00"', "z"),
      run(19, -5, ' baseline-shift="super" font-size="13.00"', "2"),
      run(12, 7, ' font-size="11.00"', "16"),
      "</g>",
    ].join("\n");
    const lines = reflowGraphvizText(svg).split("\n");
    expect(lines).toHaveLength(4);
    const centre = 10 + (9 + helveticaWidth("2", 13)) / 2;
    expect(lines[1]).toBe(
      `<text xml:space="preserve" text-anchor="middle" x="${centre.toFixed(2)}" y="-5">` +
        `<tspan font-family="${FONT_STACK}" font-style="italic" font-size="18.00">z</tspan>` +
        `<tspan font-family="${FONT_STACK}" baseline-shift="super" font-size="13.00">2</tspan></text>`,
    );
    expect(lines[2]).toContain(`x="${(12 + helveticaWidth("16", 11) / 2).toFixed(2)}" y="7"`);
  });

  it("leaves text Graphviz already centred alone", () => {
    const svg = '<text text-anchor="middle" x="5" y="6" font-family="Times,serif">N</text>';
    expect(reflowGraphvizText(svg)).toBe(svg);
  });
});

describe("helveticaWidth", () => {
  it("uses Helvetica's advance widths", () => {
    expect(helveticaWidth("10", 10)).toBeCloseTo(11.12, 2);
    expect(helveticaWidth("(x)", 10)).toBeCloseTo(3.33 + 5.5 + 3.33, 1);
  });
});
