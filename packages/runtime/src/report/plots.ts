import * as vega from "vega";
import * as vegaLite from "vega-lite";
import type { AttackResults } from "../attack-pipeline/attack-results.js";

/*
 * Plots as Vega-Lite specs compiled to Vega and rendered to SVG headless (renderer "none": no
 * canvas, no DOM). Each builder returns a plain spec so tests can check the data without
 * rendering.
 */

type VegaLiteSpec = vegaLite.TopLevelSpec;

export async function renderVegaLiteSvg(spec: VegaLiteSpec): Promise<string> {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The font every report plot names (resvg renders it from the system fonts). */
export const PLOT_FONT = { config: { font: "DejaVu Sans, Helvetica, Arial, sans-serif" } };

/** Every training term of metrics.jsonl against the step, one small plot per term. */
export function trainingCurvesSpec(records: ReadonlyArray<Record<string, unknown>>): VegaLiteSpec {
  const values: Array<{ step: number; term: string; value: number }> = [];
  for (const r of records) {
    if (r.kind !== "step" || typeof r.step !== "number") continue;
    for (const [term, value] of Object.entries(r)) {
      if (["kind", "step", "epoch", "time", "images_per_s"].includes(term)) continue;
      if (typeof value === "number" && Number.isFinite(value))
        values.push({ step: r.step, term, value });
    }
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    ...PLOT_FONT,
    data: { values },
    facet: { field: "term", type: "nominal", title: null, sort: null },
    columns: 3,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: 220,
      height: 130,
      mark: { type: "line", strokeWidth: 1.2 },
      encoding: {
        x: { field: "step", type: "quantitative", title: "step" },
        y: { field: "value", type: "quantitative", title: null, scale: { zero: false } },
      },
    },
  };
}

export type CurveMetric =
  "deltaWithoutLambda" | "distortion" | "logLikelihoodTarget" | "l2ToTarget" | "l2ToSource";

export const CURVE_TITLES: Record<CurveMetric, string> = {
  deltaWithoutLambda: "Delta without the lambda term",
  distortion: "||d||",
  logLikelihoodTarget: "log p(x_t | z*)",
  l2ToTarget: "L2, adversarial reconstruction to x_t",
  l2ToSource: "L2, adversarial reconstruction to x",
};

/**
 * One metric against log2(lambda), averaged over pairs, one line per attack kind (lambda = 0 has
 * no place on a log axis and is left out; the tables keep it).
 */
export function lambdaCurveSpec(results: AttackResults, metric: CurveMetric): VegaLiteSpec {
  const values: Array<{ attack: string; log2lambda: number; value: number }> = [];
  for (const attack of results.attacks) {
    const sums = new Map<number, { total: number; count: number }>();
    for (const pair of attack.pairs) {
      for (const row of pair.curve) {
        if (!(row.lambda > 0) || !Number.isFinite(row[metric])) continue;
        const entry = sums.get(row.lambda) ?? { total: 0, count: 0 };
        entry.total += row[metric];
        entry.count++;
        sums.set(row.lambda, entry);
      }
    }
    for (const [lambda, { total, count }] of sums) {
      values.push({ attack: attack.kind, log2lambda: Math.log2(lambda), value: total / count });
    }
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    ...PLOT_FONT,
    title: CURVE_TITLES[metric],
    data: { values },
    // One panel per attack: their scales differ by orders of magnitude.
    facet: { field: "attack", type: "nominal", title: null, sort: null },
    columns: 3,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: 200,
      height: 140,
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "log2lambda", type: "quantitative", title: "log2 lambda" },
        y: { field: "value", type: "quantitative", title: null, scale: { zero: false } },
      },
    },
  };
}
