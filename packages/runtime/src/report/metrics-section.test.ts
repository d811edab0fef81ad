import { describe, expect, it } from "vitest";
import type { AttackResults } from "../attack-pipeline/attack-results.js";
import type { ModelMetrics } from "../metrics/model-metrics.js";
import { renderMetricsSection } from "./metrics-section.js";

const metrics: ModelMetrics = {
  format: "vaec-model-metrics",
  version: 1,
  irHash: "h",
  step: 400,
  createdAt: "now",
  layers: ["z"],
  margin: {
    radius: 9.06,
    samples: 64,
    examples: 200,
    mean: 0.0809,
    median: 0.0759,
    scale: 0.0334,
    robustFraction: 1,
    radiusSource: "data",
  },
  mig: {
    mig: 0.0248,
    examples: 1000,
    bins: 20,
    factors: [{ name: "shape", entropy: 1.1, best: 9, gap: 0.0094, bestUnit: "z[9]" }],
  },
  downstream: {
    factor: "shape",
    classNames: ["square", "ellipse", "heart"],
    trainedOn: 4000,
    heldOutAccuracy: 0.979,
    reconstructionAccuracy: 0.423,
    examples: 1000,
    classifierFile: "runs/.classifiers/x.json",
  },
};

describe("the report's metrics section", () => {
  it("shows the margin, MIG and the classifier's accuracy, and per attack AUDDC and success", () => {
    const results = {
      downstream: {
        factor: "shape",
        classNames: [],
        differentClassPairs: true,
        classifier: { file: "", trainedOn: 4000, heldOutAccuracy: 0.979 },
      },
      attacks: [
        {
          kind: "kl",
          summary: { auddc: 0.579, downstreamSuccess: 0.5, downstreamCleanAccuracy: 2 / 3 },
        },
      ],
    } as unknown as AttackResults;
    const html = renderMetricsSection(metrics, results).join("\n");
    expect(html).toContain("<td>0.081</td>");
    expect(html).toContain("r = 9.060");
    expect(html).toContain("<td>0.025</td>");
    expect(html).toContain("shape 0.009 (z[9])");
    expect(html).toContain("<td>42.3%</td>");
    expect(html).toContain("<tr><td>kl</td><td>0.579</td><td>50.0%</td><td>66.7%</td></tr>");
    expect(html).toContain("different classes");
  });

  it("says how to get the metrics when there are none, and n/a for what the data lacks", () => {
    expect(renderMetricsSection(null, undefined).join("")).toContain("vaec eval RUN");
    const bare = renderMetricsSection({ ...metrics, mig: null, downstream: null }, undefined);
    expect(bare.join("")).toContain("the data has no discrete factors");
    expect(bare.join("")).toContain("the data has no class labels");
  });
});
