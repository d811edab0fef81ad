import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderAttackPanelSvg, scaleDistortion } from "./attack-panel.js";
import { renderReportHtml, REPORT_SECTIONS, type ReportData } from "./html-report.js";

const data: ReportData = {
  model: {
    name: "M<b>",
    family: "VAE",
    reason: "one layer & no penalty",
    paramCount: 1234,
    hash: "abcdef0123456789",
    step: 20,
  },
  specFile: 'a"b.vae',
  specText: "# </pre><script>alert(1)</script>\nmodel M { }",
  objectivesText: "ELBO = E_q[log p(x | z)] - KL(q || p) < 0",
  figures: [],
  generatedAt: "2026-01-01T00:00:00Z",
};

describe("renderReportHtml", () => {
  it("escapes every user string and stays well-formed", () => {
    const html = renderReportHtml(data);
    expect(XMLValidator.validate(html)).toBe(true);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("a&quot;b.vae");
    expect(html).toContain("KL(q || p) &lt; 0");
  });

  it("has every section, saying so where a part is missing", () => {
    const html = renderReportHtml(data);
    for (const { id } of REPORT_SECTIONS) expect(html).toContain(`<h2 id="${id}">`);
    expect(html).toContain("has not been attacked yet");
    expect(html).toContain("could not be drawn");
  });
});

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
