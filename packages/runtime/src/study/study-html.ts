import type { Diagnostic } from "@vaec/compiler";
import type { PointRecord } from "./point-record.js";
import { MODEL_METRIC_KEYS } from "./study-values.js";
import { ATTACK_METRICS, type Cell, type Comparison } from "./study-table.js";
import { escapeHtml as e, svgDataUrl } from "../figures/escape.js";
import { attackConvergence } from "./attack-convergence.js";
import {
  attackConvergenceSection,
  heldOutCurvesSection,
  type Figure,
} from "./study-html-sections.js";

/*
 * The study report's HTML: one self-contained page (plots are SVG data URLs) with the grid, the
 * held-out ELBO curves of training, a table per metric of means and 95% CIs, the plots, the
 * paired comparisons, the attacks' convergence, the failed points with their diagnostics, and
 * every point with a link to its run's own report.
 */

export interface StudyFailure {
  label: string;
  runDir: string;
  diagnostics: Diagnostic[];
}

export interface StudyReportData {
  axes: string[];
  specs: string[];
  records: PointRecord[];
  cells: Cell[];
  comparisons: Comparison[];
  failed: StudyFailure[];
  points: number;
  generatedAt: string;
  plots: Array<{ title: string; svg: string }>;
  /** The held-out ELBO curves during training, one figure per data set. */
  curves?: Figure[];
  /** The relative link to a run's report.html, or null when it has none. */
  runLink: (runDir: string) => string | null;
}

const STYLE =
  "body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1150px; padding: 0 1rem; } table { border-collapse: collapse; font-size: .82rem; margin: .5rem 0 1.5rem; } th, td { border: 1px solid #ddd; padding: .2rem .45rem; text-align: right; } th:first-child, td:first-child { text-align: left; } img { max-width: 100%; } figcaption, .note { color: #555; font-size: .85rem; } .bad { color: #a00; }";

const num = (v: number) =>
  !Number.isFinite(v)
    ? ""
    : Math.abs(v) >= 1000 || Math.abs(v) < 0.01
      ? v.toPrecision(3)
      : v.toFixed(3);
const ci = (m: number, lo: number, hi: number) =>
  Number.isFinite(m) ? `${num(m)} <span class="note">[${num(lo)}, ${num(hi)}]</span>` : "";

function metricTitle(metric: string): string {
  if (metric === "elbo") return "held-out ELBO (beta = 1)";
  if (metric === "iwae") return "held-out IWAE bound";
  if (metric in MODEL_METRIC_KEYS) return MODEL_METRIC_KEYS[metric].title;
  return ATTACK_METRICS.find((m) => m.id === metric)?.title ?? metric;
}

function better(metric: string): string {
  if (metric === "elbo" || metric === "iwae") return "higher is a better fit";
  if (metric in MODEL_METRIC_KEYS) return MODEL_METRIC_KEYS[metric].better;
  const m = ATTACK_METRICS.find((x) => x.id === metric);
  return m?.better ? `${m.better} is more robust` : "";
}

export function renderStudyHtml(d: StudyReportData): string {
  const axes = d.axes.filter((a) => a !== "train.seed");
  const seeds = new Set(d.records.map((r) => r.seed)).size;
  const out: string[] = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8"/>',
    "<title>vaec study</title>",
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<h1>vaec study</h1>",
    `<p>${e(`generated ${d.generatedAt}; ${d.records.length} of ${d.points} points done${d.failed.length ? `, ${d.failed.length} failed` : ""}; ${seeds} seed${seeds === 1 ? "" : "s"}`)}</p>`,
    '<h2 id="grid">Grid</h2>',
    `<p>Specs: ${d.specs.map((s) => `<code>${e(s)}</code>`).join(", ")}</p>`,
    "<table><tr><th>axis</th><th>values</th></tr>",
    ...d.axes.map((a) => {
      const values = [...new Set(d.records.map((r) => r.axes[a]).filter((v) => v !== undefined))];
      return `<tr><td>${e(a)}</td><td>${e(values.join(", "))}</td></tr>`;
    }),
    "</table>",
    `<p class="note">Each cell is the mean over seeds of the mean over attack pairs (at each pair's chosen lambda); brackets are its 95% confidence interval from a two-stage percentile bootstrap (seeds resampled, then pairs within each seed; 2,000 seeded replicates).${seeds === 1 ? " With one seed the interval shows the spread over pairs only." : ""}</p>`,
  ];
  out.push(...heldOutCurvesSection(d.curves ?? []));
  if (d.plots.length > 0) {
    out.push('<h2 id="plots">Plots</h2>');
    for (const p of d.plots)
      out.push(
        `<figure><img src="${svgDataUrl(p.svg)}" alt="${e(p.title)}"/><figcaption>${e(p.title)}</figcaption></figure>`,
      );
  }
  out.push('<h2 id="tables">Tables</h2>');
  const metricKeys = [...new Set(d.cells.map((c) => `${c.attack ?? ""}\u0000${c.metric}`))];
  for (const key of metricKeys) {
    const [attack, metric] = key.split("\u0000");
    const cells = d.cells.filter((c) => (c.attack ?? "") === attack && c.metric === metric);
    out.push(
      `<h3>${e(`${attack ? `${attack}: ` : ""}${metricTitle(metric)}`)} <span class="note">(${e(better(metric))})</span></h3>`,
      `<table><tr><th>model</th><th>data</th>${axes.map((a) => `<th>${e(a)}</th>`).join("")}<th>mean [95% CI]</th><th>seeds</th><th>n</th></tr>`,
      ...cells.map(
        (c) =>
          `<tr><td>${e(c.model)}</td><td>${e(c.data)}</td>${axes.map((a) => `<td>${e(String(c.axes[a] ?? ""))}</td>`).join("")}` +
          `<td>${ci(c.estimate.mean, c.estimate.lo, c.estimate.hi)}</td><td>${c.estimate.seeds}</td><td>${c.estimate.n}</td></tr>`,
      ),
      "</table>",
    );
  }
  if (d.comparisons.length > 0) {
    out.push(
      '<h2 id="paired">Paired comparisons</h2>',
      '<p class="note">A minus B at the same axis values and seed (each seed\'s mean over pairs, then the mean over seeds), its 95% CI (the same bootstrap; when both were attacked on the same pairs, pair differences are resampled), and how many seeds A is greater in. An interval that excludes 0 is a difference the seeds and pairs support.</p>',
      `<table><tr><th>A</th><th>B</th><th>data</th>${axes.map((a) => `<th>${e(a)}</th>`).join("")}<th>attack</th><th>metric</th><th>A - B [95% CI]</th><th>A greater</th></tr>`,
      ...d.comparisons
        .filter(
          (c) => c.metric === "elbo" || c.metric === "delta" || c.metric === "logLikelihoodTarget",
        )
        .map(
          (c) =>
            `<tr><td>${e(c.a.model)}</td><td>${e(c.b.model)}</td><td>${e(c.data)}</td>${axes.map((a) => `<td>${e(String(c.axes[a] ?? ""))}</td>`).join("")}` +
            `<td>${e(c.attack ?? "")}</td><td>${e(c.metric)}</td><td>${ci(c.difference.mean, c.difference.lo, c.difference.hi)}</td>` +
            `<td>${Math.round(c.difference.aGreater * c.difference.seeds)} of ${c.difference.seeds}</td></tr>`,
        ),
      "</table>",
      '<p class="note">paired.csv holds every metric.</p>',
    );
  }
  out.push(...attackConvergenceSection(attackConvergence(d.records, d.specs), d.axes));
  if (d.failed.length > 0) {
    out.push('<h2 id="failed">Failed points</h2>', "<ul>");
    for (const f of d.failed) {
      const first = f.diagnostics.find((x) => x.severity === "error") ?? f.diagnostics[0];
      out.push(
        `<li class="bad">${e(f.label)}: ${first ? e(`${first.code}: ${first.message}`) : "no diagnostic"}${first?.help ? ` <span class="note">(${e(first.help)})</span>` : ""}</li>`,
      );
    }
    out.push("</ul>");
  }
  out.push(
    '<h2 id="points">Points</h2>',
    `<table><tr><th>model</th><th>data</th>${d.axes.map((a) => `<th>${e(a)}</th>`).join("")}<th>step</th><th>ELBO</th><th>training</th><th>run</th></tr>`,
  );
  for (const r of d.records) {
    const link = d.runLink(r.runDir);
    const name = e(r.runDir.split(/[\\/]/).at(-1) ?? r.runDir);
    out.push(
      `<tr><td>${e(r.model)}</td><td>${e(r.data)}</td>${d.axes.map((a) => `<td>${e(String(r.axes[a] ?? ""))}</td>`).join("")}` +
        `<td>${r.step}</td><td>${num(r.eval.elbo ?? NaN)}</td><td>${e(r.training)}</td>` +
        `<td>${link ? `<a href="${e(link)}">${name}</a>` : name}</td></tr>`,
    );
  }
  out.push("</table>", "</body>", "</html>", "");
  return out.join("\n");
}
