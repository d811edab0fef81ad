import type { AttackKind } from "@vaec/compiler";
import type { AttackResults } from "../attack-pipeline/attack-results.js";
import { escapeHtml, pngDataUrl, svgDataUrl } from "./escape.js";
import type { HealthReport } from "../train/health.js";
import { renderHealthSection } from "./health-section.js";
import type { ModelMetrics } from "../metrics/model-metrics.js";
import { renderMetricsSection } from "./metrics-section.js";

/*
 * The self-contained HTML report of a run: every image inline as a data URL (SVGs as <img>, so
 * nothing in them can run), every user string escaped, no external resource. Written as
 * well-formed XHTML-style markup so tests can parse it with an XML parser.
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
  /** The derived objectives in plain text (the compiler's explanation). */
  objectivesText: string;
  trainingSvg?: string;
  /** Collapse and convergence checks from the logged held-out curve (health-section.ts). */
  health?: HealthReport;
  figures: Array<{ title: string; png: Uint8Array }>;
  attack?: {
    results: AttackResults;
    panels: Array<{ kind: AttackKind; title: string; svg: string }>;
    plots: Array<{ title: string; svg: string }>;
  };
  /** The attack-free metrics of <run>/model-metrics.json (metrics-section.ts). */
  metrics?: ModelMetrics | null;
  generatedAt: string;
}

/** The report's sections, in order: id and heading. */
export const REPORT_SECTIONS = [
  ["spec", "Spec"],
  ["diagram", "Plate diagram"],
  ["objectives", "Derived objectives"],
  ["training", "Training"],
  ["reconstructions", "Reconstructions and samples"],
  ["attacks", "Attacks"],
  ["metrics", "Robustness and disentanglement"],
] as const;

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2.2rem; }
pre { background: #f6f8fa; padding: .8rem; overflow-x: auto; font-size: .85rem; line-height: 1.35; }
table { border-collapse: collapse; font-size: .85rem; margin: .6rem 0; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
img { max-width: 100%; } figure { margin: 1rem 0; } figcaption { color: #555; font-size: .85rem; }
.meta { color: #555; } nav a { margin-right: .8rem; }
.plots { display: flex; flex-wrap: wrap; gap: 1rem; }
`;

const fmt = (v: number): string => {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(3) : v.toFixed(a >= 100 ? 1 : 3);
};

export function renderReportHtml(data: ReportData): string {
  const e = escapeHtml;
  const m = data.model;
  const out: string[] = [];
  out.push(
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8"/>',
    `<title>${e(`vaec report: ${m.name}`)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<h1>${e(m.name)}</h1>`,
    `<p class="meta">${e(`${m.family}: ${m.reason}`)}<br/>${e(
      `${m.paramCount.toLocaleString("en-US")} parameters; IR hash ${m.hash.slice(0, 12)}` +
        (m.step !== undefined ? `; trained ${m.step} steps` : "") +
        (m.heldOutElbo !== undefined ? `; held-out ELBO ${fmt(m.heldOutElbo)} nats/image` : "") +
        `; generated ${data.generatedAt}`,
    )}</p>`,
    `<nav>${REPORT_SECTIONS.map(([id, title]) => `<a href="#${id}">${e(title)}</a>`).join("")}</nav>`,
  );

  section(out, "spec", "Spec");
  out.push(`<p class="meta">${e(data.specFile)}</p>`, `<pre>${e(data.specText)}</pre>`);

  section(out, "diagram", "Plate diagram");
  out.push(
    data.diagramSvg
      ? figure(
          svgDataUrl(data.diagramSvg),
          "generative model p (left) and inference model q (right)",
        )
      : "<p>The diagram could not be drawn.</p>",
  );

  section(out, "objectives", "Derived objectives");
  out.push(`<pre>${e(data.objectivesText)}</pre>`);

  section(out, "training", "Training");
  out.push(
    data.trainingSvg
      ? figure(svgDataUrl(data.trainingSvg), "each term of the objective per step (metrics.jsonl)")
      : "<p>No training metrics were logged.</p>",
  );
  out.push(...renderHealthSection(data.health));

  section(out, "reconstructions", "Reconstructions and samples");
  if (data.figures.length === 0) out.push("<p>No figures.</p>");
  for (const f of data.figures) out.push(figure(pngDataUrl(f.png), f.title));

  section(out, "attacks", "Attacks");
  if (!data.attack) {
    out.push("<p>This run has not been attacked yet (<code>vaec attack RUN</code>).</p>");
  } else {
    renderAttacks(out, data.attack);
  }
  section(out, "metrics", "Robustness and disentanglement");
  out.push(...renderMetricsSection(data.metrics, data.attack?.results));
  out.push("</body>", "</html>", "");
  return out.join("\n");
}

function section(out: string[], id: string, title: string): void {
  out.push(`<h2 id="${id}">${escapeHtml(title)}</h2>`);
}

function figure(src: string, caption: string): string {
  return `<figure><img src="${src}" alt="${escapeHtml(caption)}"/><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function renderAttacks(out: string[], attack: NonNullable<ReportData["attack"]>): void {
  const e = escapeHtml;
  const r = attack.results;
  const s = r.settings;
  const optimizer =
    s.optimizer.kind === "lbfgsb"
      ? `L-BFGS-B (${s.optimizer.steps} iterations, memory ${s.optimizer.memory})`
      : `projected Adam (${s.optimizer.steps} steps, lr ${s.optimizer.lr})`;
  out.push(
    `<p>${e(
      `${s.pairs} random (source, target) pairs of the ${r.heldOut} held-out examples (seed ${s.seed}), ` +
        `${s.lambdas.length} lambdas, ${optimizer}, ${s.path} path, latent layers ${s.layers.join(", ")}; ` +
        `log p(x_t | z*) over ${s.samples} samples. Per pair the lambda is the largest whose Delta is ` +
        `the smallest above the mean over lambdas (the paper's rule); the tables give means over pairs ` +
        `at the chosen lambdas.`,
    )}</p>`,
  );
  out.push(
    "<table>",
    "<tr><th>attack</th><th>divergence at d = 0</th><th>Delta</th><th>Delta without lambda term</th><th>||d||</th><th>log p(x_t | z*)</th><th>L2 to target</th><th>L2 to source</th><th>seconds</th></tr>",
  );
  for (const a of r.attacks) {
    const m = a.summary;
    out.push(
      `<tr><td>${e(a.kind)}</td>${[
        m.baselineDelta,
        m.delta,
        m.deltaWithoutLambda,
        m.distortion,
        m.logLikelihoodTarget,
        m.l2ToTarget,
        m.l2ToSource,
        a.seconds,
      ]
        .map((v) => `<td>${fmt(v)}</td>`)
        .join("")}</tr>`,
    );
  }
  out.push("</table>");
  if (attack.plots.length > 0) {
    out.push('<h3>Against lambda</h3><div class="plots">');
    for (const p of attack.plots) out.push(figure(svgDataUrl(p.svg), p.title));
    out.push("</div>");
  }
  for (const a of r.attacks) {
    out.push(`<h3 id="attack-${e(a.kind)}">${e(a.kind)}</h3>`);
    const panel = attack.panels.find((p) => p.kind === a.kind);
    if (panel) out.push(figure(svgDataUrl(panel.svg), panel.title));
    out.push(
      "<table>",
      "<tr><th>pair</th><th>source</th><th>target</th><th>lambda</th><th>Delta</th><th>Delta without lambda term</th><th>||d||</th><th>log p(x_t | z*)</th><th>L2 to target</th><th>L2 to source</th></tr>",
    );
    for (const p of a.pairs) {
      const c = p.curve[p.chosenIndex];
      out.push(
        `<tr><td>${p.pair}</td><td>${p.source}</td><td>${p.target}</td>${[
          c.lambda,
          c.delta,
          c.deltaWithoutLambda,
          c.distortion,
          c.logLikelihoodTarget,
          c.l2ToTarget,
          c.l2ToSource,
        ]
          .map((v) => `<td>${fmt(v)}</td>`)
          .join("")}</tr>`,
      );
    }
    out.push("</table>");
  }
}
