import { markdownTable, markdownText } from "./markdown-table.js";
import { metricAgreements } from "./metric-agreement.js";
import { axisSymbol, withCi, type ResultsContext } from "./results-context.js";

/*
 * docs/results.md's answer to "does the margin rank models as Delta does, and does robustness
 * track MIG?": the rank agreements of metric-agreement.ts over one data set's points.
 */

export function agreementSection(ctx: ResultsContext): string[] {
  const rows = metricAgreements(ctx.records, ctx.kinds, ctx.seed);
  if (rows.length === 0) return [];
  return [
    "### Do the measures agree?",
    "",
    markdownText(
      `Spearman's rank correlation over the ${ctx.records.length} points (each model at each ${ctx.axis ? axisSymbol(ctx.axis) : "setting"} and seed), each measure oriented so that higher is more robust (downstream success negated): ρ > 0 means the two rank the points alike. 95% interval from a seeded bootstrap over points; the points are a designed grid, not a random sample, so "agree" says this grid's rankings agree, not that the measures do in general.`,
    ),
    "",
    markdownTable(
      ["measure", "against", "ρ [95% CI]", "points", "verdict"],
      rows.map((r) => [
        r.a.label,
        r.b.label,
        withCi({ mean: r.rho, lo: r.lo, hi: r.hi }),
        String(r.n),
        r.verdict,
      ]),
    ),
    "",
  ];
}
