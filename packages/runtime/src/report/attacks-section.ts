import type { AttackKind } from "@vaec/compiler";
import type { AttackResults } from "../attack-pipeline/attack-results.js";
import { escapeHtml, svgDataUrl } from "../figures/escape.js";
import { figure, fmt } from "./html-parts.js";

/*
 * The attacks: the protocol in a sentence, the summary table, the metrics against lambda, and per
 * attack its panel (the first pairs shown, every other attacked pair behind a <details>) and a
 * table of every pair at its chosen lambda.
 */

export interface ReportAttack {
  results: AttackResults;
  panels: Array<{
    kind: AttackKind;
    title: string;
    svg: string;
    /** The pairs not in `svg`, when there are more than the first few. */
    rest?: { svg: string; title: string; count: number };
  }>;
  plots: Array<{ title: string; svg: string }>;
}

export function renderAttacksSection(attack: ReportAttack | undefined): string[] {
  const out: string[] = [];
  if (!attack) {
    out.push("<p>This run has not been attacked yet (<code>vaec attack RUN</code>).</p>");
    return out;
  }
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
    if (panel) out.push(...renderPanel(panel));
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
  return out;
}

/** The first pairs' panel, then every other pair's behind a <details> (collapsed at first). */
function renderPanel(panel: ReportAttack["panels"][number]): string[] {
  const out = [figure(svgDataUrl(panel.svg), panel.title)];
  if (panel.rest) {
    out.push(
      "<details>",
      `<summary>${escapeHtml(`the other ${panel.rest.count} attacked ${panel.rest.count === 1 ? "pair" : "pairs"}`)}</summary>`,
      figure(svgDataUrl(panel.rest.svg), panel.rest.title),
      "</details>",
    );
  }
  return out;
}
