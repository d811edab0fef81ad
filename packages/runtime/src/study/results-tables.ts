import type { PointRecord } from "./point-record.js";
import { pairedComparisons, studyCells } from "./study-table.js";
import { markdownText } from "./markdown-table.js";
import { modelRoles, type RoleNames } from "./model-roles.js";
import { agreementSection } from "./results-agreement.js";
import { flatnessTable } from "./results-flatness.js";
import { axisSymbol, resultsContext, type ResultsContext } from "./results-context.js";
import {
  claimExplanations,
  contrastTable,
  seatbeltContrasts,
  trendContrasts,
  verdictSummary,
} from "./results-claims.js";
import {
  activeUnitsTable,
  attackTables,
  convergenceTable,
  furtherTables,
  modelTable,
  titled,
} from "./results-model-tables.js";

/*
 * docs/results.md's tables from a study's records, as markdown: per data set, every model at
 * every value of the swept axis (beta) with 95% CIs (the cells of cells.csv, from the same seeded
 * two-stage bootstrap), the paired differences Seatbelt minus beta-TCVAE (as paired.csv), the
 * paper's claims with a verdict each, active units, the attacks' convergence and the further
 * metrics. `examples/study/results-tables.ts` prints it for a study folder.
 */

export interface ResultsOptions {
  /** The swept axis of the columns and trends (default `beta`, else the first that varies). */
  axis?: string;
  /** Which models are the baseline, the Seatbelts and the beta-TCDLGM (default: by family). */
  roles?: RoleNames;
  /** The bootstrap's base seed: 1, as the study report's, so the numbers equal its CSVs. */
  seed?: number;
}

function rolesLine(ctx: ResultsContext): string {
  const r = ctx.roles;
  const parts = [
    r.baseline && `β-TCVAE baseline ${r.baseline.model}`,
    ...r.seatbelt.map((s) => `Seatbelt${s.layers > 0 ? ` L = ${s.layers}` : ""} ${s.model}`),
    r.tcdlgm && `β-TCDLGM ${r.tcdlgm.model}`,
  ].filter(Boolean);
  return parts.length > 0
    ? `Roles in the claims: ${parts.join("; ")}.`
    : "No model was recognised as β-TCVAE, Seatbelt or β-TCDLGM: name them (--baseline, --seatbelt, --tcdlgm) for the claims.";
}

function budgetLine(records: readonly PointRecord[]): string {
  const steps = [...new Set(records.map((r) => r.step))].sort((a, b) => a - b);
  const seeds = [...new Set(records.map((r) => r.seed))].sort((a, b) => a - b);
  const pairs = Math.max(0, ...records.flatMap((r) => r.attacks.map((a) => a.pairs.length)));
  const stepText = steps.length === 1 ? `${steps[0]}` : `${steps[0]} to ${steps.at(-1)}`;
  return `${records.length} points; seeds ${seeds.join(", ")}; trained ${stepText} steps; ${pairs} attack pairs per point and attack.`;
}

/**
 * With n <= 3 seeds a percentile-bootstrap replicate of n seed values equals the lowest of them
 * with probability (1/n)^n >= 1/27 > 2.5%, so a per-run metric's interval is exactly the range
 * of the seeds: a verdict then only says that every seed agreed in sign, which a null effect
 * does with probability 2 / 2^n (1 in 4 for three seeds).
 */
function fewSeedsNote(records: readonly PointRecord[]): string[] {
  const seeds = new Set(records.map((r) => r.seed)).size;
  if (seeds > 3) return [];
  return [
    `With ${seeds} seeds an interval over seeds spans about the lowest to the highest seed (for the held-out ELBO exactly), so a verdict mostly says that every seed agreed in sign, which happens by chance for a null effect in ${seeds === 1 ? "every case" : `1 of ${2 ** (seeds - 1)} cases`}: read it together with "seeds agreeing", and run more seeds for a firm claim.`,
    "",
  ];
}

function dataSection(ctx: ResultsContext): string {
  const seatbelt = seatbeltContrasts(ctx);
  const trends = trendContrasts(ctx);
  const claims = [...seatbelt, ...trends];
  const explanations = claimExplanations(ctx);
  return [
    `## ${ctx.data}`,
    "",
    `${budgetLine(ctx.records)} ${rolesLine(ctx)} Each value is the mean over seeds of the mean over attack pairs, with its 95% interval from the two-stage bootstrap (seeds resampled, then pairs within each seed), as in cells.csv.`,
    "",
    "### Held-out ELBO",
    "",
    ...titled(
      "Held-out ELBO at β = 1 in the bound (nats per example; higher is a better fit)",
      modelTable(ctx, null, "elbo"),
    ),
    ...titled(
      "Did training flatten? The held-out ELBO's gain over the last interval between evaluations, nats per example (its share of the whole rise since the first evaluation), mean over seeds",
      flatnessTable(ctx),
    ),
    ...attackTables(ctx),
    ...(seatbelt.length > 0
      ? [
          `### Seatbelt minus β-TCVAE at matched ${ctx.axis ? `${axisSymbol(ctx.axis)} and ` : ""}seed`,
          "",
          markdownText(explanations[seatbelt[0].claim]),
          "",
          contrastTable(seatbelt),
          "",
        ]
      : []),
    ...(claims.some((r) => r.verdict !== null)
      ? ["### Claims", "", verdictSummary(claims), "", ...fewSeedsNote(ctx.records)]
      : []),
    ...[...new Set(trends.map((r) => r.claim))].flatMap((claim) => [
      `#### ${claim}`,
      "",
      markdownText(explanations[claim] ?? ""),
      "",
      contrastTable(trends.filter((r) => r.claim === claim)),
      "",
    ]),
    ...titled("Active units per layer (mean over seeds)", activeUnitsTable(ctx)),
    ...titled(
      "Attack convergence at each pair's chosen λ (converged, at the iteration cap, stopped by a failed line search; mean iterations)",
      convergenceTable(ctx),
    ),
    "### Further metrics",
    "",
    ...furtherTables(ctx),
    ...agreementSection(ctx),
  ]
    .join("\n")
    .trimEnd();
}

/** The markdown of every data set's results; empty without records. */
export function resultsMarkdown(
  records: readonly PointRecord[],
  options: ResultsOptions = {},
): string {
  if (records.length === 0) return "";
  const seed = options.seed ?? 1;
  const datas = [...new Set(records.map((r) => r.data))];
  // Paired comparisons subtract the earlier spec from the later: baseline first, then the
  // Seatbelts shallowest first, then the beta-TCDLGM, as the study's command line lists them.
  const roleOrder = datas.flatMap((d) => {
    const roles = modelRoles(
      records.filter((r) => r.data === d),
      options.roles,
    );
    return [roles.baseline?.spec, ...roles.seatbelt.map((s) => s.spec), roles.tcdlgm?.spec];
  });
  const specOrder = [
    ...new Set([...roleOrder.filter((s) => s !== undefined), ...records.map((r) => r.spec)]),
  ];
  const study = {
    records: [...records],
    cells: studyCells(records, seed),
    comparisons: pairedComparisons(records, specOrder, seed),
  };
  return (
    datas.map((d) => dataSection(resultsContext(study, d, { ...options, seed }))).join("\n\n") +
    "\n"
  );
}
