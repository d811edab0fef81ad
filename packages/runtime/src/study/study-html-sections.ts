import { escapeHtml as e, svgDataUrl } from "../figures/escape.js";
import type { ConvergenceRow } from "./attack-convergence.js";

/*
 * Two sections of the study report that say whether its numbers were measured at convergence:
 * the held-out ELBO curves (did training flatten?) and the attack optimiser's end states (did the
 * attacks converge, or stop at the iteration cap?).
 */

export interface Figure {
  title: string;
  svg: string;
}

export function heldOutCurvesSection(figures: readonly Figure[]): string[] {
  if (figures.length === 0) return [];
  return [
    '<h2 id="training">Training: held-out ELBO curves</h2>',
    '<p class="note">The held-out ELBO (beta = 1) at each evaluation during training, one line per point (seed), coloured by its axis values. A line still rising at its last step was compared before it converged: train longer (<code>steps</code>, <code>epochs</code>) or stop on the held-out ELBO (<code>early_stop</code>).</p>',
    ...figures.map(
      (f) =>
        `<figure><img src="${svgDataUrl(f.svg)}" alt="${e(f.title)}"/><figcaption>${e(f.title)}</figcaption></figure>`,
    ),
  ];
}

const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

export function attackConvergenceSection(
  rows: readonly ConvergenceRow[],
  axes: readonly string[],
): string[] {
  if (rows.length === 0) return [];
  const cellAxes = axes.filter((a) => a !== "train.seed");
  return [
    '<h2 id="convergence">Attack convergence</h2>',
    "<p class=\"note\">The optimiser's end state at each pair's chosen lambda, over seeds and pairs: converged (gradient or objective tolerance), stopped at the iteration cap, stopped by a failed line search (no decrease along the search direction: after many iterations usually the objective at its float32 precision near a minimum, after a few an attack that stalled; compare the iterations), or otherwise (a non-finite value). A Delta reached by capped attacks is an upper bound on the model's robustness: raise the cap (<code>attack.optimizer=lbfgsb(steps = N)</code>) where many rows hit it.</p>",
    `<table><tr><th>model</th><th>data</th>${cellAxes.map((a) => `<th>${e(a)}</th>`).join("")}<th>attack</th><th>pairs</th><th>converged</th><th>at the cap</th><th>line search failed</th><th>other</th><th>mean iterations</th><th>most iterations</th></tr>`,
    ...rows.map(
      (r) =>
        `<tr><td>${e(r.model)}</td><td>${e(r.data)}</td>${cellAxes.map((a) => `<td>${e(String(r.axes[a] ?? ""))}</td>`).join("")}` +
        `<td>${e(r.attack)}</td><td>${r.pairs}</td><td>${percent(r.converged, r.pairs)}</td>` +
        `<td${r.capped * 2 > r.pairs ? ' class="bad"' : ""}>${percent(r.capped, r.pairs)}</td>` +
        `<td>${percent(r.lineSearch, r.pairs)}</td><td>${percent(r.other, r.pairs)}</td><td>${r.meanIterations.toFixed(1)}</td><td>${r.maxIterations}</td></tr>`,
    ),
    "</table>",
  ];
}
