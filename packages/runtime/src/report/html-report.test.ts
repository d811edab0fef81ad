import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
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
