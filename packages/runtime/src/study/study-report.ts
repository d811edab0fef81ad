import fs from "node:fs";
import path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { writeFileAtomic } from "../run-store/atomic-write.js";
import type { PointRecord } from "./point-record.js";
import { longRows, type Cell, type Comparison } from "./study-table.js";
import { PLOT_FONT, renderVegaLiteSvg } from "../report/plots.js";
import { renderStudyHtml, type StudyFailure, type StudyReportData } from "./study-html.js";
import { heldOutCurvesSpec } from "./held-out-curves.js";

/*
 * `vaec sweep`'s study report: sweep.csv (every per-pair row at its chosen lambda, and one row per
 * point for the held-out metrics), cells.csv (mean and 95% CI per model, axis values and metric),
 * paired.csv (model A minus model B at matched axis values and seeds), sweep.json (all of it), and
 * report.html (self-contained: the grid, tables with CIs, plots with error bars, paired
 * comparisons, and links to each run's own report).
 */

export interface StudyReportInput {
  axes: string[];
  specs: string[];
  records: PointRecord[];
  cells: Cell[];
  comparisons: Comparison[];
  failed: StudyFailure[];
  /** Points of the grid in all (done, failed and not run). */
  points: number;
}

const csvCell = (v: unknown): string => {
  const text = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const csv = (header: string[], rows: unknown[][]) =>
  [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";

export function pairRowsCsv(records: readonly PointRecord[], axes: readonly string[]): string {
  const evalKeys = [...new Set(records.flatMap((r) => Object.keys(r.eval)))].sort();
  const pairKeys = [
    "pair",
    "source",
    "target",
    "lambda",
    "delta",
    "deltaWithoutLambda",
    "distortion",
    "logLikelihoodTarget",
    "l2ToTarget",
    "l2ToSource",
    "baselineDelta",
  ] as const;
  const header = [
    "spec",
    "model",
    "family",
    "data",
    ...axes,
    "seed",
    "step",
    "attack",
    ...pairKeys,
  ];
  header.push(...evalKeys.map((k) => `eval.${k}`), "run");
  const rows = longRows(records).map((r) => [
    r.spec,
    r.model,
    r.family,
    r.data,
    ...axes.map((a) => r.axes[a] ?? ""),
    r.seed,
    r.step,
    r.attack ?? "",
    ...pairKeys.map((k) => (r.pair ? r.pair[k] : "")),
    ...evalKeys.map((k) => r.eval[k] ?? ""),
    r.runDir,
  ]);
  return csv(header, rows);
}

export function cellsCsv(cells: readonly Cell[], axes: readonly string[]): string {
  const cellAxes = axes.filter((a) => a !== "train.seed");
  return csv(
    [
      "spec",
      "model",
      "data",
      ...cellAxes,
      "attack",
      "metric",
      "mean",
      "ci_lo",
      "ci_hi",
      "seeds",
      "n",
    ],
    cells.map((c) => [
      c.spec,
      c.model,
      c.data,
      ...cellAxes.map((a) => c.axes[a] ?? ""),
      c.attack ?? "",
      c.metric,
      c.estimate.mean,
      c.estimate.lo,
      c.estimate.hi,
      c.estimate.seeds,
      c.estimate.n,
    ]),
  );
}

export function pairedCsv(comparisons: readonly Comparison[], axes: readonly string[]): string {
  const cellAxes = axes.filter((a) => a !== "train.seed");
  return csv(
    [
      "a",
      "b",
      "data",
      ...cellAxes,
      "attack",
      "metric",
      "a_minus_b",
      "ci_lo",
      "ci_hi",
      "seeds",
      "a_greater_fraction",
    ],
    comparisons.map((c) => [
      c.a.model,
      c.b.model,
      c.data,
      ...cellAxes.map((a) => c.axes[a] ?? ""),
      c.attack ?? "",
      c.metric,
      c.difference.mean,
      c.difference.lo,
      c.difference.hi,
      c.difference.seeds,
      c.difference.aGreater,
    ]),
  );
}

/** The first numeric axis besides the seed with several values: the x of the plots. */
export function plotAxis(cells: readonly Cell[], axes: readonly string[]): string | undefined {
  return axes.find(
    (a) =>
      a !== "train.seed" &&
      new Set(cells.map((c) => c.axes[a]).filter((v) => typeof v === "number")).size > 1,
  );
}

/** Mean with a 95% CI error bar against the plot axis, one line per model, one panel per attack. */
export function cellPlotSpec(cells: readonly Cell[], axis: string, title: string): TopLevelSpec {
  const values = cells
    .filter((c) => typeof c.axes[axis] === "number" && Number.isFinite(c.estimate.mean))
    .map((c) => ({
      model: c.model,
      attack: c.attack ?? "held-out",
      x: c.axes[axis] as number,
      mean: c.estimate.mean,
      lo: c.estimate.lo,
      hi: c.estimate.hi,
    }));
  const xs = [...new Set(values.map((v) => v.x))].sort((a, b) => a - b);
  const log = xs.length > 1 && xs.every((x) => x > 0) && xs.at(-1)! / xs[0] >= 8;
  // Models side by side at each x, so their error bars do not hide one another.
  const models = [...new Set(values.map((v) => v.model))];
  const gap = xs.length > 1 ? Math.min(...xs.slice(1).map((v, i) => v - xs[i])) : 1;
  const dodged = values.map((v) => {
    const shift = (models.indexOf(v.model) - (models.length - 1) / 2) * 0.06;
    return { ...v, xd: log ? v.x * 2 ** shift : v.x + shift * gap };
  });
  const x = {
    field: "xd",
    type: "quantitative" as const,
    title: axis,
    // Padding keeps the outer (dodged) error bars inside the plot.
    scale: log ? { type: "log" as const, base: 2, padding: 14 } : { zero: false, padding: 14 },
    axis: { values: xs, format: "~g" },
  };
  const layers = {
    layer: [
      {
        mark: { type: "errorbar" as const, ticks: true },
        encoding: {
          x,
          y: { field: "lo", type: "quantitative" as const, title: null, scale: { zero: false } },
          y2: { field: "hi" },
          color: { field: "model", type: "nominal" as const },
        },
      },
      {
        mark: { type: "line" as const, point: true },
        encoding: {
          x,
          y: { field: "mean", type: "quantitative" as const, title: null },
          color: { field: "model", type: "nominal" as const, title: "model" },
        },
      },
    ],
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    ...PLOT_FONT,
    title,
    data: { values: dodged },
    facet: { field: "attack", type: "nominal", title: null },
    columns: 3,
    resolve: { scale: { y: "independent" } },
    spec: { width: 200, height: 150, ...layers },
  } as TopLevelSpec;
}

const PLOTTED: Array<[string, string]> = [
  ["elbo", "held-out ELBO (beta = 1)"],
  ["delta", "Delta at the chosen lambda"],
  ["deltaPerDim", "Delta per latent dimension"],
  ["relativeDelta", "Delta / Delta at d = 0"],
  ["logLikelihoodTarget", "log p(x_t | z*) at the chosen lambda"],
  ["auddc", "AUDDC"],
  ["downstreamSuccess", "downstream attack success"],
  ["margin", "robustness margin bound"],
  ["mig", "MIG"],
];

async function studyPlots(
  cells: readonly Cell[],
  axes: readonly string[],
): Promise<Array<{ title: string; svg: string }>> {
  const axis = plotAxis(cells, axes);
  if (!axis) return [];
  const plots: Array<{ title: string; svg: string }> = [];
  for (const data of [...new Set(cells.map((c) => c.data))]) {
    for (const [metric, name] of PLOTTED) {
      const chosen = cells.filter((c) => c.metric === metric && c.data === data);
      if (chosen.length === 0) continue;
      const title = `${name} against ${axis} on ${data}: mean and 95% CI over seeds and pairs`;
      plots.push({ title, svg: await renderVegaLiteSvg(cellPlotSpec(chosen, axis, title)) });
    }
  }
  return plots;
}

/** The held-out ELBO curves during training: one figure per data set whose records have them. */
async function curvePlots(
  records: readonly PointRecord[],
  specs: readonly string[],
): Promise<Array<{ data: string; title: string; svg: string }>> {
  const plots: Array<{ data: string; title: string; svg: string }> = [];
  // Panels in the study's spec order (the command line's), not the records' (run ids).
  const order = (r: PointRecord) => specs.indexOf(r.spec);
  for (const data of [...new Set(records.map((r) => r.data))]) {
    const chosen = records
      .filter((r) => r.data === data && (r.heldOutCurve ?? []).length > 0)
      .sort((a, b) => order(a) - order(b));
    if (chosen.length === 0) continue;
    const title = `held-out ELBO (beta = 1) during training on ${data}: one line per point`;
    plots.push({ data, title, svg: await renderVegaLiteSvg(heldOutCurvesSpec(chosen, title)) });
  }
  return plots;
}

/** A data set's name as part of a file name (a data set may be named by its path). */
const fileStem = (data: string) => data.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-|-$/g, "");

/** Writes the study's files into `dir`; returns the report's path. */
export async function writeStudyReport(dir: string, input: StudyReportInput): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const generatedAt = new Date().toISOString();
  writeFileAtomic(
    path.join(dir, "sweep.json"),
    JSON.stringify(
      {
        format: "vaec-study",
        version: 1,
        generatedAt,
        axes: input.axes,
        specs: input.specs,
        bootstrap: "two-stage percentile: seeds, then pairs within seed; 2000 replicates, 95%",
        cells: input.cells,
        comparisons: input.comparisons,
        failed: input.failed,
        records: input.records,
      },
      null,
      2,
    ) + "\n",
  );
  writeFileAtomic(path.join(dir, "sweep.csv"), pairRowsCsv(input.records, input.axes));
  writeFileAtomic(path.join(dir, "cells.csv"), cellsCsv(input.cells, input.axes));
  writeFileAtomic(path.join(dir, "paired.csv"), pairedCsv(input.comparisons, input.axes));
  const curves = await curvePlots(input.records, input.specs);
  // Also as files, for pages that show the curves (a markdown page cannot embed the report's).
  for (const curve of curves)
    writeFileAtomic(path.join(dir, `held-out-curves-${fileStem(curve.data)}.svg`), curve.svg);
  const data: StudyReportData = {
    ...input,
    generatedAt,
    plots: await studyPlots(input.cells, input.axes),
    curves,
    runLink: (runDir) => {
      const report = path.join(runDir, "report.html");
      return fs.existsSync(report) ? path.relative(dir, report).split(path.sep).join("/") : null;
    },
  };
  const file = path.join(dir, "report.html");
  writeFileAtomic(file, renderStudyHtml(data));
  return file;
}
