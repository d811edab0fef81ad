import type { Latent } from "@vaec/compiler";
import { heldOutCurve } from "../train/held-out-monitor.js";
import { assessHealth, describeHealth, type HealthReport } from "../train/health.js";
import { escapeHtml } from "../figures/escape.js";

/*
 * The report's health checks, from what training logged: the newest `held-out` record of
 * metrics.jsonl (each layer's KL and active units) and the held-out curve, judged by the same
 * functions as `vaec train` and `vaec eval` (train/health.ts).
 */

/** The health of a run from its metrics records; undefined when no held-out record has layers. */
export function healthFromMetrics(
  records: ReadonlyArray<Record<string, unknown>>,
  latents: ReadonlyArray<Pick<Latent, "name" | "dims">>,
): HealthReport | undefined {
  const last = records.filter((r) => r.kind === "held-out").at(-1);
  if (!last || latents.some((l) => typeof last[`active.${l.name}`] !== "number")) return undefined;
  const kl: Record<string, number> = {};
  const activeUnits: Record<string, { active: number; dims: number }> = {};
  for (const l of latents) {
    kl[l.name] = Number(last[`kl.${l.name}`]);
    activeUnits[l.name] = { active: Number(last[`active.${l.name}`]), dims: l.dims };
  }
  return assessHealth({ kl, activeUnits }, heldOutCurve(records));
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3));

/** A "Health" subsection: a table per layer, the convergence verdict and each warning's help. */
export function renderHealthSection(health: HealthReport | undefined): string[] {
  const e = escapeHtml;
  const out = ["<h3>Health</h3>"];
  if (!health) {
    out.push("<p>No held-out evaluation with per-layer statistics was logged for this run.</p>");
    return out;
  }
  out.push(
    "<table><thead><tr><th>layer</th><th>KL (nats/image)</th><th>active units</th><th>verdict</th></tr></thead><tbody>",
    ...health.layers.map(
      (l) =>
        `<tr><td>${e(l.layer)}</td><td>${fmt(l.kl)}</td><td>${l.active} / ${l.dims}</td><td>${l.collapsed ? "collapsed" : "ok"}</td></tr>`,
    ),
    "</tbody></table>",
    `<p>${e(describeHealth(health).join("; "))}. Active: Cov<sub>x</sub>(E<sub>q</sub>[z<sub>k</sub>]) &gt; 0.01 on the held-out data.</p>`,
  );
  if (health.diagnostics.length > 0) {
    out.push(
      "<ul>",
      ...health.diagnostics.map(
        (d) =>
          `<li><strong>${e(`${d.severity}[${d.code}]`)}</strong> ${e(d.message)}${d.help ? `<br/>help: ${e(d.help)}` : ""}</li>`,
      ),
      "</ul>",
    );
  }
  return out;
}
