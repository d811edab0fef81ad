import { blobbedShapesNote, type ShapeRecognition } from "../eval/shape-recognition.js";
import { escapeHtml } from "../figures/escape.js";
import { fmt, prose } from "./html-parts.js";

/*
 * The held-out evaluation table (`vaec eval`'s numbers): ELBO at beta = 1, the IWAE bound, the
 * log-likelihood, the reconstruction error, and per latent layer its KL and active units.
 */

export interface ReportEvaluation {
  step: number;
  /** Held-out examples evaluated, of `heldOut`. */
  examples: number;
  heldOut: number;
  elbo: number;
  iwae: number;
  iwSamples: number;
  logLik: number;
  reconstructionError: number;
  layers: Array<{ name: string; dims: number; kl: number; active: number }>;
  /** On sprites: whether the reconstructions show each sprite's shape or a blob. */
  shapes?: ShapeRecognition | null;
}

export function renderEvaluationSection(evaluation: ReportEvaluation | undefined): string[] {
  if (!evaluation) {
    return ["<p>The run could not be evaluated (no checkpoint or no held-out data).</p>"];
  }
  const v = evaluation;
  const all = v.examples === v.heldOut ? "all" : `${v.examples} of the`;
  return [
    `<p>${prose(
      `The checkpoint at step ${v.step} on ${all} ${v.heldOut} held-out examples, at beta = 1 ` +
        `(nats per image; higher is better for the bounds). \`vaec eval RUN\` gives the same ` +
        `numbers on every held-out example.`,
    )}</p>`,
    '<table class="eval">',
    "<tr><th>measure</th><th>value</th></tr>",
    `<tr><td>ELBO</td><td>${fmt(v.elbo)}</td></tr>`,
    `<tr><td>IWAE bound (K = ${v.iwSamples})</td><td>${fmt(v.iwae)}</td></tr>`,
    `<tr><td>log p(x | z)</td><td>${fmt(v.logLik)}</td></tr>`,
    `<tr><td>reconstruction error (squared, summed over pixels)</td><td>${fmt(v.reconstructionError)}</td></tr>`,
    "</table>",
    '<table class="eval">',
    "<tr><th>latent layer</th><th>KL (nats/image)</th><th>active units</th></tr>",
    ...v.layers.map(
      (l) =>
        `<tr><td>${escapeHtml(l.name)}</td><td>${fmt(l.kl)}</td><td>${l.active} / ${l.dims}</td></tr>`,
    ),
    "</table>",
    '<p class="meta">A unit is active when the variance over the data of its posterior mean, Cov<sub>x</sub>(E<sub>q</sub>[z<sub>k</sub>]), exceeds 0.01.</p>',
    ...renderShapes(v.shapes),
  ];
}

/** The shape-recognition row on sprites: what share of reconstructions show their own shape. */
function renderShapes(shapes: ShapeRecognition | null | undefined): string[] {
  if (!shapes) return [];
  const pct = (correct: number, of: number) => `${Math.round((100 * correct) / Math.max(1, of))}%`;
  return [
    '<table class="eval">',
    "<tr><th>shape shown by the reconstruction</th><th>square</th><th>ellipse</th><th>heart</th><th>all (balanced)</th></tr>",
    `<tr><td>recognised (of ${shapes.examples} sprites; ${shapes.blobs} drawn as round blobs)</td>` +
      (["square", "ellipse", "heart"] as const)
        .map((s) => `<td>${pct(shapes.perShape[s].correct, shapes.perShape[s].examples)}</td>`)
        .join("") +
      `<td>${Math.round(100 * shapes.balancedAccuracy)}%</td></tr>`,
    "</table>",
    "<p class=\"meta\">Each reconstruction, thresholded at 0.5, is compared with the sprite generator's renderings of the three shapes and of a round disk at the sprite's position, all with the silhouette's area, over 40 orientations; it counts as recognised when its own shape is closest (docs/report.md). Chance is 33%; blobs count as wrong.</p>",
    ...[blobbedShapesNote(shapes)].flatMap((note) =>
      note ? [`<p>${prose(note[0].toUpperCase() + note.slice(1))}.</p>`] : [],
    ),
  ];
}
