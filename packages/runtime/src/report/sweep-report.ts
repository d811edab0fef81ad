import fs from "node:fs";
import path from "node:path";
import type { AttackKind } from "@vaec/compiler";
import { readAttackResults } from "../attack-pipeline/attack-results.js";
import { writeFileAtomic } from "../run-store/atomic-write.js";
import { readMetrics } from "../run-store/metrics-log.js";
import { runPaths } from "../run-store/layout.js";
import { escapeHtml, svgDataUrl } from "./escape.js";
import type { TopLevelSpec } from "vega-lite";
import { renderVegaLiteSvg } from "./plots.js";

/*
 * `vaec sweep`: one row per (run, attack) with the swept value, the held-out ELBO at beta = 1 and
 * each attack's means at the chosen lambdas; sweep.json, sweep.csv and an HTML page of plots
 * against the swept variable, one line per model.
 */

export interface SweepPoint {
  /** The line the point belongs to: the spec's model name. */
  model: string;
  family: string;
  variable: string;
  value: number;
  /** The training seed: points that differ only by seed are averaged in the plots. */
  seed: number;
  runDir: string;
}

export interface SweepRow {
  model: string;
  family: string;
  variable: string;
  value: number;
  seed: number;
  runDir: string;
  elbo: number | null;
  attack: AttackKind | null;
  delta: number | null;
  deltaWithoutLambda: number | null;
  distortion: number | null;
  logLikelihoodTarget: number | null;
}

/** Rows from the points' run directories (a run with no attack results gives one row without). */
export function collectSweepRows(points: readonly SweepPoint[]): SweepRow[] {
  const rows: SweepRow[] = [];
  for (const point of points) {
    const heldOut = readMetrics(runPaths(point.runDir).metrics)
      .filter((r) => r.kind === "held-out")
      .at(-1);
    const elbo = typeof heldOut?.elbo === "number" ? heldOut.elbo : null;
    const base = { ...point, elbo };
    const results = readAttackResults(point.runDir);
    if (!results || results.attacks.length === 0) {
      rows.push({
        ...base,
        attack: null,
        delta: null,
        deltaWithoutLambda: null,
        distortion: null,
        logLikelihoodTarget: null,
      });
      continue;
    }
    for (const a of results.attacks) {
      rows.push({
        ...base,
        attack: a.kind,
        delta: a.summary.delta,
        deltaWithoutLambda: a.summary.deltaWithoutLambda,
        distortion: a.summary.distortion,
        logLikelihoodTarget: a.summary.logLikelihoodTarget,
      });
    }
  }
  return rows;
}

const COLUMNS: Array<keyof SweepRow> = [
  "model",
  "family",
  "variable",
  "value",
  "seed",
  "attack",
  "elbo",
  "delta",
  "deltaWithoutLambda",
  "distortion",
  "logLikelihoodTarget",
  "runDir",
];

const csvCell = (v: unknown): string => {
  const text = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function sweepToCsv(rows: readonly SweepRow[]): string {
  return (
    [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(","))].join(
      "\n",
    ) + "\n"
  );
}

function lineSpec(
  values: Array<Record<string, unknown>>,
  title: string,
  variable: string,
  facet: boolean,
): TopLevelSpec {
  const layer = {
    mark: { type: "line" as const, point: true },
    encoding: {
      x: {
        field: "value",
        type: "quantitative" as const,
        title: variable,
        scale: { type: "log" as const, base: 2 },
        // Ticks at the swept values only (a log axis would add 1.2, 1.6, ...).
        axis: { values: [...new Set(values.map((v) => v.value as number))] },
      },
      y: {
        field: "y",
        aggregate: "mean" as const,
        type: "quantitative" as const,
        title: null,
        scale: { zero: false },
      },
      color: { field: "model", type: "nominal" as const, title: "model" },
    },
  };
  const common = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    config: { font: "DejaVu Sans, Helvetica, Arial, sans-serif" },
    title,
    data: { values },
  };
  return facet
    ? {
        ...common,
        facet: { field: "attack", type: "nominal" as const, title: null },
        columns: 3,
        resolve: { scale: { y: "independent" as const } },
        spec: { width: 200, height: 150, ...layer },
      }
    : { ...common, width: 300, height: 180, ...layer };
}

function seedNote(rows: readonly SweepRow[]): string {
  const seeds = new Set(rows.map((r) => r.seed)).size;
  return seeds > 1 ? ` (mean over ${seeds} seeds)` : "";
}

/** Plots against the swept variable: ELBO, then Delta and log p(x_t | z*) per attack. */
export async function sweepPlots(
  rows: readonly SweepRow[],
): Promise<Array<{ title: string; svg: string }>> {
  const variable = rows[0]?.variable ?? "value";
  // A log axis needs positive values; a sweep through 0 would need a linear one.
  const usable = rows.filter((r) => r.value > 0);
  const plots: Array<{ title: string; svg: string }> = [];
  const elbo = new Map<string, Record<string, unknown>>();
  for (const r of usable) {
    if (r.elbo !== null)
      elbo.set(`${r.model}\u0000${r.value}\u0000${r.seed}`, {
        model: r.model,
        value: r.value,
        y: r.elbo,
      });
  }
  if (elbo.size > 0) {
    const title = `held-out ELBO (beta = 1) against ${variable}${seedNote(usable)}`;
    plots.push({
      title,
      svg: await renderVegaLiteSvg(lineSpec([...elbo.values()], title, variable, false)),
    });
  }
  const metrics: Array<[keyof SweepRow, string]> = [
    ["delta", "Delta at the chosen lambda"],
    ["logLikelihoodTarget", "log p(x_t | z*) at the chosen lambda"],
    ["distortion", "||d|| at the chosen lambda"],
  ];
  for (const [field, name] of metrics) {
    const values = usable
      .filter((r) => r.attack !== null && typeof r[field] === "number")
      .map((r) => ({ model: r.model, attack: r.attack, value: r.value, y: r[field] }));
    if (values.length === 0) continue;
    const title = `${name} against ${variable}, mean over pairs${seedNote(usable)}`;
    plots.push({
      title,
      svg: await renderVegaLiteSvg(lineSpec(values, title, variable, true)),
    });
  }
  return plots;
}

export function renderSweepHtml(
  rows: readonly SweepRow[],
  plots: ReadonlyArray<{ title: string; svg: string }>,
  generatedAt: string,
): string {
  const e = escapeHtml;
  const fmt = (v: number | null) =>
    v === null ? "" : Number.isFinite(v) ? v.toFixed(3) : String(v);
  const out = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8"/>',
    "<title>vaec sweep</title>",
    "<style>body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; } table { border-collapse: collapse; font-size: .85rem; } th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: right; } th:first-child, td:first-child { text-align: left; } img { max-width: 100%; } figcaption { color: #555; font-size: .85rem; }</style>",
    "</head>",
    "<body>",
    "<h1>vaec sweep</h1>",
    `<p>${e(`generated ${generatedAt}; ${new Set(rows.map((r) => r.runDir)).size} runs`)}</p>`,
    '<h2 id="plots">Plots</h2>',
  ];
  for (const p of plots) {
    out.push(
      `<figure><img src="${svgDataUrl(p.svg)}" alt="${e(p.title)}"/><figcaption>${e(p.title)}</figcaption></figure>`,
    );
  }
  out.push(
    '<h2 id="table">Results</h2>',
    "<table>",
    "<tr><th>model</th><th>family</th><th>value</th><th>attack</th><th>ELBO</th><th>Delta</th><th>Delta without lambda term</th><th>||d||</th><th>log p(x_t | z*)</th><th>run</th></tr>",
  );
  for (const r of rows) {
    out.push(
      `<tr><td>${e(r.model)}</td><td>${e(r.family)}</td><td>${e(`${r.variable} = ${r.value}`)}</td><td>${e(r.attack ?? "")}</td>` +
        [r.elbo, r.delta, r.deltaWithoutLambda, r.distortion, r.logLikelihoodTarget]
          .map((v) => `<td>${fmt(v)}</td>`)
          .join("") +
        `<td>${e(path.basename(r.runDir))}</td></tr>`,
    );
  }
  out.push("</table>", "</body>", "</html>", "");
  return out.join("\n");
}

/** Writes sweep.json, sweep.csv and report.html into `dir`; returns the report's path. */
export async function writeSweepReport(
  dir: string,
  points: readonly SweepPoint[],
): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const rows = collectSweepRows(points);
  const generatedAt = new Date().toISOString();
  writeFileAtomic(
    path.join(dir, "sweep.json"),
    JSON.stringify({ generatedAt, rows }, null, 2) + "\n",
  );
  writeFileAtomic(path.join(dir, "sweep.csv"), sweepToCsv(rows));
  const report = path.join(dir, "report.html");
  writeFileAtomic(report, renderSweepHtml(rows, await sweepPlots(rows), generatedAt));
  return report;
}
