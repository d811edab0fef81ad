import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { textsOf, type SvgText } from "../../test-support/svg-texts.js";
import { renderAttackPanelSvg, scaleDistortion, type PanelRow } from "./attack-panel.js";
import { textWidth } from "./svg-text.js";

describe("attack panel", () => {
  it("scales the distortion to [0, 1] and a constant one to 0.5", () => {
    expect([...scaleDistortion(Float32Array.from([-2, 0, 2]))]).toEqual([0, 0.5, 1]);
    expect([...scaleDistortion(Float32Array.from([3, 3]))]).toEqual([0.5, 0.5]);
  });

  it("draws six labelled tiles per row as valid SVG with escaped labels", () => {
    const image = new Float32Array(4).fill(0.5);
    const svg = renderAttackPanelSvg({
      title: "T <&>",
      shape: [2, 2],
      range: [0, 1],
      rows: [0, 1].map((i) => ({
        label: `pair ${i}`,
        detail: "lambda 0",
        original: image,
        target: image,
        reconstruction: image,
        adversarial: image,
        distortion: image,
        adversarialReconstruction: image,
      })),
    });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.match(/<image /g)).toHaveLength(12);
    expect(svg).toContain("T &lt;&amp;&gt;");
    expect(svg).toContain(">adversarial</text>");
    expect(svg).toContain(">recon.</text>");
  });
});

describe("attack panel headers", () => {
  const row = (n: number): PanelRow => {
    const image = new Float32Array(n).fill(0.5);
    return {
      label: "pair 12 (345 -> 678)",
      detail: "lambda 2^-3.25, ||d|| 13.14",
      original: image,
      target: image,
      reconstruction: image,
      adversarial: image,
      distortion: image,
      adversarialReconstruction: image,
    };
  };

  it.each([[[28, 28]], [[32, 32]], [[1, 28, 28]], [[64, 64]]])(
    "never overlap one another or the row labels at %j",
    (shape) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const svg = renderAttackPanelSvg({ title: "T", shape, range: [0, 1], rows: [row(size)] });
      const texts = textsOf(svg);
      // Header lines share a baseline; on each baseline the centred boxes must not touch.
      const headers = texts.filter((t) => t.anchor === "middle");
      const byLine = new Map<number, SvgText[]>();
      for (const t of headers) byLine.set(t.y, [...(byLine.get(t.y) ?? []), t]);
      for (const line of byLine.values()) {
        const boxes = line
          .map((t) => [t.x - textWidth(t.text, t.size) / 2, t.x + textWidth(t.text, t.size) / 2])
          .sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < boxes.length; i++) expect(boxes[i][0]).toBeGreaterThan(boxes[i - 1][1]);
      }
      // The row's label and detail end before the first column's tiles begin.
      const images = [...svg.matchAll(/<image x="([\d.]+)"/g)].map((m) => Number(m[1]));
      const labels = texts.filter((t) => t.anchor === undefined && t.y > 40);
      for (const l of labels)
        expect(l.x + textWidth(l.text, l.size)).toBeLessThan(Math.min(...images));
    },
  );
});
