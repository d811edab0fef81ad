import type { ModelMetrics } from "../metrics/model-metrics.js";
import type { HealthReport } from "../train/health.js";
import { renderAttacksSection, type ReportAttack } from "./attacks-section.js";
import { escapeHtml, pngDataUrl, svgDataUrl } from "../figures/escape.js";
import { renderEvaluationSection, type ReportEvaluation } from "./evaluation-section.js";
import { renderHealthSection } from "./health-section.js";
import { renderMetricsSection } from "./metrics-section.js";
import { figure, fmt } from "./html-parts.js";
import { renderObjectivesSection, type ObjectivePart } from "./objectives-section.js";
import { mathStyle } from "./typeset.js";

/*
 * The self-contained HTML report of a run: every image inline as a data URL (SVGs as <img>, so
 * nothing in them can run), every user string escaped, maths as MathML, no script and no external
 * resource. Written as well-formed XHTML-style markup so tests can parse it with an XML parser.
 *
 * Each section is one entry of REPORT_SECTIONS with its own render function (most in a file of
 * their own): a new section is a new entry and, if it needs data, a new optional ReportData field
 * filled by collectReportData (write-report.ts).
 */

export interface ReportData {
  model: {
    name: string;
    family: string;
    reason: string;
    paramCount: number;
    hash: string;
    step?: number;
    heldOutElbo?: number;
  };
  specFile: string;
  specText: string;
  /** The plate diagram, when Graphviz could lay it out. */
  diagramSvg?: string;
  /** The derived objectives as LaTeX, typeset when the report is rendered. */
  objectives?: ObjectivePart[];
  /** The objectives in plain text (the compiler's explanation, or why it failed). */
  objectivesText: string;
  trainingSvg?: string;
  /** Collapse and convergence checks from the logged held-out curve (health-section.ts). */
  health?: HealthReport;
  /** The held-out evaluation of the latest checkpoint (evaluation-section.ts). */
  evaluation?: ReportEvaluation;
  figures: Array<{ title: string; png: Uint8Array }>;
  /** Labelled latent traversals, one SVG per layer (figures/traversal-panel.ts). */
  traversals?: Array<{ layer: string; svg: string }>;
  attack?: ReportAttack;
  /** The attack-free metrics of <run>/model-metrics.json (metrics-section.ts). */
  metrics?: ModelMetrics | null;
  generatedAt: string;
}

export interface ReportSection {
  id: string;
  title: string;
  render(data: ReportData): string[];
}

/** The report's sections, in order. */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  {
    id: "spec",
    title: "Spec",
    render: (d) => [
      `<p class="meta">${escapeHtml(d.specFile)}</p>`,
      `<pre>${escapeHtml(d.specText)}</pre>`,
    ],
  },
  {
    id: "diagram",
    title: "Plate diagram",
    render: (d) => [
      d.diagramSvg
        ? figure(
            svgDataUrl(d.diagramSvg),
            "generative model p (left) and inference model q (right)",
          )
        : "<p>The diagram could not be drawn.</p>",
    ],
  },
  {
    id: "objectives",
    title: "Derived objectives",
    render: (d) => renderObjectivesSection(d.objectives, d.objectivesText),
  },
  {
    id: "training",
    title: "Training",
    render: (d) => [
      d.trainingSvg
        ? figure(svgDataUrl(d.trainingSvg), "each term of the objective per step (metrics.jsonl)")
        : "<p>No training metrics were logged.</p>",
      ...renderHealthSection(d.health),
    ],
  },
  {
    id: "evaluation",
    title: "Held-out evaluation",
    render: (d) => renderEvaluationSection(d.evaluation),
  },
  {
    id: "reconstructions",
    title: "Reconstructions and samples",
    render: (d) =>
      d.figures.length === 0
        ? ["<p>No figures.</p>"]
        : d.figures.map((f) => figure(pngDataUrl(f.png), f.title)),
  },
  {
    id: "traversals",
    title: "Latent traversals",
    render: renderTraversals,
  },
  {
    id: "attacks",
    title: "Attacks",
    render: (d) => renderAttacksSection(d.attack),
  },
  {
    id: "metrics",
    title: "Robustness and disentanglement",
    render: (d) => renderMetricsSection(d.metrics, d.attack?.results),
  },
];

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { margin-bottom: .3rem; }
pre { background: #f6f8fa; padding: .8rem; overflow-x: auto; font-size: .85rem; line-height: 1.35; }
table { border-collapse: collapse; font-size: .85rem; margin: .6rem 0; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
img { max-width: 100%; } figure { margin: 1rem 0; } figcaption { color: #555; font-size: .85rem; }
.meta { color: #555; } nav a { margin-right: .8rem; }
.plots { display: flex; flex-wrap: wrap; gap: 1rem; }
.equation { display: flex; flex-wrap: wrap; justify-content: center; align-items: baseline; column-gap: .35em; row-gap: .4rem; margin: .8rem 0; font-size: 1.1rem; }
ul.terms li { margin: .35rem 0; }
math { font-size: 1.05em; }
details { margin: .5rem 0 1rem; } summary { cursor: pointer; color: #245; }
`;

export function renderReportHtml(data: ReportData): string {
  const e = escapeHtml;
  const m = data.model;
  const out: string[] = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8"/>',
    `<title>${e(`vaec report: ${m.name}`)}</title>`,
    `<style>${STYLE}${mathStyle()}</style>`,
    "</head>",
    "<body>",
    `<h1>${e(m.name)}</h1>`,
    `<p class="meta">${e(`${m.family}: ${m.reason}`)}<br/>${e(
      `${m.paramCount.toLocaleString("en-US")} parameters; IR hash ${m.hash.slice(0, 12)}` +
        (m.step !== undefined ? `; trained ${m.step} steps` : "") +
        (m.heldOutElbo !== undefined ? `; held-out ELBO ${fmt(m.heldOutElbo)} nats/image` : "") +
        `; generated ${data.generatedAt}`,
    )}</p>`,
    `<nav>${REPORT_SECTIONS.map((s) => `<a href="#${s.id}">${e(s.title)}</a>`).join("")}</nav>`,
  ];
  for (const section of REPORT_SECTIONS) {
    out.push(`<h2 id="${section.id}">${e(section.title)}</h2>`, ...section.render(data));
  }
  out.push("</body>", "</html>", "");
  return out.join("\n");
}

function renderTraversals(d: ReportData): string[] {
  if (!d.traversals || d.traversals.length === 0) return ["<p>No traversals were drawn.</p>"];
  return [
    "<p>Each row sweeps one unit of a layer (the units whose posterior mean varies most over the " +
      "held-out images, most varying first) over the values above the columns, every other latent " +
      "held at the posterior mean of the first held-out image; each image is the mean of p(x | z).</p>",
    ...d.traversals.map((t) =>
      figure(svgDataUrl(t.svg), `traversals of layer ${t.layer}: row z[k] sweeps unit k`),
    ),
  ];
}
