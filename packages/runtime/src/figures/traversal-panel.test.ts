import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { textsOf } from "../../test-support/svg-texts.js";
import { renderTraversalSvg } from "./traversal-panel.js";

describe("latent traversals", () => {
  it("label the layer, each row's unit and each column's value", () => {
    const image = new Float32Array(28 * 28).fill(0.5);
    const svg = renderTraversalSvg(
      {
        layer: "z2",
        dims: 16,
        units: [3, 0],
        values: [-3, 0, 3],
        images: [
          [image, image, image],
          [image, image, image],
        ],
      },
      [28, 28],
      [0, 1],
    );
    expect(XMLValidator.validate(svg)).toBe(true);
    const texts = textsOf(svg).map((t) => t.text);
    expect(texts[0]).toContain("layer z2 (16 units)");
    expect(texts).toEqual(expect.arrayContaining(["-3", "0", "+3", "z2[3]", "z2[0]"]));
    expect(svg.match(/<image /g)).toHaveLength(6);
  });
});
