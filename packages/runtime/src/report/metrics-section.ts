import type { AttackResults } from "../attack-pipeline/attack-results.js";
import type { ModelMetrics } from "../metrics/model-metrics.js";
import { escapeHtml } from "../figures/escape.js";

/*
 * The report's "Robustness and disentanglement" section: the attack-free metrics of
 * <run>/model-metrics.json (the robustness margin bound, MIG, the downstream classifier's
 * accuracy) and, per attack, AUDDC and downstream success from results.json. Definitions:
 * docs/objectives.md and docs/attacks.md.
 */

const fmt = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v)
    ? "n/a"
    : Math.abs(v) !== 0 && Math.abs(v) < 1e-3
      ? v.toExponential(2)
      : v.toFixed(3);
const percent = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? "n/a" : `${(100 * v).toFixed(1)}%`;

export function renderMetricsSection(
  metrics: ModelMetrics | null | undefined,
  results: AttackResults | undefined,
): string[] {
  const e = escapeHtml;
  const out: string[] = [];
  if (!metrics && !results) {
    out.push(
      "<p>No metrics yet: <code>vaec eval RUN</code> computes the margin and MIG, <code>vaec attack RUN</code> everything.</p>",
    );
    return out;
  }
  if (metrics) {
    const layers = metrics.layers.join(", ");
    out.push(
      `<p>${e(`Encoder: the Gaussian over ${layers} (the layers the likelihood conditions on), on the mean path; checkpoint step ${metrics.step}.`)}</p>`,
      "<table><tr><th>metric</th><th>value</th><th>details</th></tr>",
    );
    const m = metrics.margin;
    out.push(
      m
        ? `<tr><td>robustness margin bound (Camuto et al.)</td><td>${fmt(m.mean)}</td><td>${e(
            `mean over ${m.examples} held-out examples (median ${fmt(m.median)}); r = ${fmt(m.radius)} (${m.radiusSource === "data" ? "half the median distance between held-out images" : "given"}); ${percent(m.robustFraction)} r-robust before any perturbation; min sigma / ||J||_F = ${fmt(m.scale)}`,
          )}</td></tr>`
        : "<tr><td>robustness margin bound</td><td>n/a</td><td>not computed</td></tr>",
    );
    const mig = metrics.mig;
    out.push(
      mig
        ? `<tr><td>MIG (Chen et al. 2018)</td><td>${fmt(mig.mig)}</td><td>${e(
            `${mig.examples} held-out examples, ${mig.bins} bins; per factor: ${mig.factors.map((f) => `${f.name} ${fmt(f.gap)} (${f.bestUnit})`).join(", ")}`,
          )}</td></tr>`
        : "<tr><td>MIG</td><td>n/a</td><td>the data has no discrete factors</td></tr>",
    );
    const d = metrics.downstream;
    out.push(
      d
        ? `<tr><td>${e(`downstream classifier (${d.factor})`)}</td><td>${percent(d.reconstructionAccuracy)}</td><td>${e(
            `right on ${percent(d.reconstructionAccuracy)} of ${d.examples} clean reconstructions and ${percent(d.heldOutAccuracy)} of the clean held-out images; trained on ${d.trainedOn} labelled examples outside the held-out split`,
          )}</td></tr>`
        : "<tr><td>downstream classifier</td><td>n/a</td><td>the data has no class labels</td></tr>",
      "</table>",
    );
  }
  if (results && results.attacks.some((a) => a.summary.auddc !== undefined)) {
    const labelled = results.downstream;
    out.push(
      `<p>${e(
        "AUDDC: area under the distortion-distance curve over the whole lambda grid, both axes normalised (1: no attack gets closer to the target than the clean reconstruction; larger is more robust)." +
          (labelled
            ? ` Downstream success: the fraction of pairs whose adversarial reconstruction at the chosen lambda the ${labelled.factor} classifier assigns to the target's class${labelled.differentClassPairs ? " (pairs drawn with source and target of different classes)" : ""}.`
            : ""),
      )}</p>`,
      `<table><tr><th>attack</th><th>AUDDC</th>${labelled ? "<th>downstream success</th><th>clean accuracy</th>" : ""}</tr>`,
      ...results.attacks.map(
        (a) =>
          `<tr><td>${e(a.kind)}</td><td>${fmt(a.summary.auddc)}</td>${
            labelled
              ? `<td>${percent(a.summary.downstreamSuccess)}</td><td>${percent(a.summary.downstreamCleanAccuracy)}</td>`
              : ""
          }</tr>`,
      ),
      "</table>",
    );
  }
  return out;
}
