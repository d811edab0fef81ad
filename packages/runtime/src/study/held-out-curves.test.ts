import { describe, expect, it } from "vitest";
import { recordFixture as record } from "../../test-support/record-fixture.js";
import { cellLabel, heldOutCurveValues, heldOutCurvesSpec } from "./held-out-curves.js";
import { renderVegaLiteSvg } from "../report/plots.js";
import { renderStudyHtml } from "./study-html.js";

const curve = (elbos: number[]) => elbos.map((elbo, i) => ({ step: 100 * (i + 1), elbo }));

const records = [
  record({ spec: "b", model: "B", beta: 10, seed: 1, heldOutCurve: curve([-200, -150, -149]) }),
  record({ spec: "a", model: "A", beta: 2, seed: 1, heldOutCurve: curve([-190, -140, NaN]) }),
  record({ spec: "a", model: "A", beta: 2, seed: 2, heldOutCurve: curve([-180, -145]) }),
  // A record written before the curve was kept has none.
  record({ spec: "a", model: "A", beta: 10, seed: 1 }),
];

describe("held-out ELBO curves", () => {
  it("keeps one line per point, finite values only, labelled by the cell", () => {
    expect(cellLabel(records[0])).toBe("beta = 10");
    const values = heldOutCurveValues(records);
    expect(values).toHaveLength(3 + 2 + 2);
    expect(values.filter((v) => v.model === "A" && v.seed === 1)).toEqual([
      { model: "A", cell: "beta = 2", seed: 1, step: 100, elbo: -190 },
      { model: "A", cell: "beta = 2", seed: 1, step: 200, elbo: -140 },
    ]);
  });

  it("draws a panel per model and orders the colours by value", async () => {
    const spec = heldOutCurvesSpec(records, "curves") as unknown as {
      facet: { sort: string[] };
      spec: { encoding: { color: { sort: string[] }; detail: { field: string } } };
    };
    expect(spec.facet.sort).toEqual(["B", "A"]);
    expect(spec.spec.encoding.color.sort).toEqual(["beta = 2", "beta = 10"]);
    expect(spec.spec.encoding.detail.field).toBe("seed");
    const svg = await renderVegaLiteSvg(heldOutCurvesSpec(records, "curves"));
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("beta = 10");
  });

  it("puts the curves and the attacks' convergence into the study report", () => {
    const withStatus = records.map((r) => ({
      ...r,
      attacks: r.attacks.map((a) => ({
        ...a,
        pairs: a.pairs.map((p) => ({ ...p, status: "max-iterations", iterations: 7 })),
      })),
    }));
    const html = renderStudyHtml({
      axes: ["beta", "train.seed"],
      specs: ["a", "b"],
      records: withStatus,
      cells: [],
      comparisons: [],
      failed: [],
      points: 4,
      generatedAt: "now",
      plots: [],
      curves: [{ title: "curves on sprites", svg: "<svg></svg>" }],
      runLink: () => null,
    });
    expect(html).toContain('<h2 id="training">');
    expect(html).toContain("curves on sprites");
    expect(html).toContain('<h2 id="convergence">');
    // Every pair stopped at the cap: flagged.
    expect(html).toContain('<td class="bad">100%</td>');
    expect(html.indexOf('id="training"')).toBeLessThan(html.indexOf('id="convergence"'));
  });
});
