import { verdictCounts, type ClaimVerdict } from "./claims.js";
import { markdownTable } from "./markdown-table.js";
import {
  axisHeading,
  axisSymbol,
  variantsOf,
  withCi,
  type ResultsContext,
} from "./results-context.js";
import {
  axisEnds,
  changeDifference,
  matchingVariant,
  modelContrasts,
  robustnessMetrics,
  trendContrast,
  type ContrastRow,
} from "./results-contrasts.js";

/*
 * The paper's claims (Willetts et al., ICLR 2021) as contrasts with verdicts, for one data set:
 * Seatbelt more robust than beta-TCVAE at matched beta; robustness growing with beta and with the
 * depth L; Seatbelt's ELBO degrading more slowly with beta than beta-TCVAE's; beta-TCDLGM gaining
 * nothing over Seatbelt. Each row is a difference at matched seeds with its 95% interval; the
 * verdict reads only the interval (claims.ts).
 */

export const claimNames = (ctx: ResultsContext) => ({
  seatbelt: "Seatbelt is more robust than β-TCVAE",
  trend: `Robustness grows with ${axisSymbol(ctx.axis)}`,
  depth: "Robustness grows with L",
  elbo: `Seatbelt's ELBO degrades more slowly with ${axisSymbol(ctx.axis)}`,
  tcdlgm: "β-TCDLGM gains nothing over Seatbelt",
});

/** (iii) Each Seatbelt minus the beta-TCVAE at matched axis values and seeds. */
export function seatbeltContrasts(ctx: ResultsContext): ContrastRow[] {
  const claim = claimNames(ctx).seatbelt;
  const metrics = robustnessMetrics(ctx.kinds, { perDim: true, logLikelihood: true });
  return ctx.roles.seatbelt.flatMap((s) =>
    variantsOf(ctx, s.spec).flatMap((a) => {
      const b = matchingVariant(ctx, ctx.roles.baseline?.spec, a);
      if (!b) return [];
      return [
        ...modelContrasts(ctx, claim, a, b, [{ attack: null, metric: "elbo" }], "none"),
        ...modelContrasts(ctx, claim, a, b, metrics, "a more robust"),
      ];
    }),
  );
}

/** (iv) The trends: over the swept axis, over L, the ELBO's change, and beta-TCDLGM. */
export function trendContrasts(ctx: ResultsContext): ContrastRow[] {
  const names = claimNames(ctx);
  const rows: ContrastRow[] = [];
  const add = (row: ContrastRow | undefined) => row && rows.push(row);
  for (const v of ctx.variants)
    for (const attack of ctx.kinds) {
      add(trendContrast(ctx, names.trend, v, attack, "deltaWithoutLambda", "positive"));
      // Free of the divergence's scale, which a larger beta shrinks (study-table.ts).
      add(trendContrast(ctx, names.trend, v, attack, "relativeDelta", "positive"));
      add(trendContrast(ctx, names.trend, v, attack, "logLikelihoodTarget", "negative"));
    }
  const seatbelts = ctx.roles.seatbelt;
  for (let i = 1; i < seatbelts.length; i++)
    for (const a of variantsOf(ctx, seatbelts[i].spec)) {
      const b = matchingVariant(ctx, seatbelts[i - 1].spec, a);
      const metrics = robustnessMetrics(ctx.kinds, { perDim: true, logLikelihood: false });
      if (b) rows.push(...modelContrasts(ctx, names.depth, a, b, metrics, "a more robust"));
    }
  for (const v of ctx.variants) add(trendContrast(ctx, names.elbo, v, null, "elbo", null));
  for (const s of seatbelts)
    for (const a of variantsOf(ctx, s.spec)) {
      const b = matchingVariant(ctx, ctx.roles.baseline?.spec, a);
      if (b) add(changeDifference(ctx, names.elbo, a, b));
    }
  const tcdlgm = ctx.roles.tcdlgm;
  // The Seatbelt of the same depth: the same hierarchy with the likelihood on every layer.
  const twin = seatbelts.find((s) => s.layers === tcdlgm?.layers) ?? seatbelts[0];
  if (tcdlgm && twin)
    for (const a of variantsOf(ctx, tcdlgm.spec)) {
      const b = matchingVariant(ctx, twin.spec, a);
      const metrics = robustnessMetrics(ctx.kinds, { perDim: false, logLikelihood: true });
      if (b) rows.push(...modelContrasts(ctx, names.tcdlgm, a, b, metrics, "a not more robust"));
    }
  return rows;
}

/** What each claim's rows subtract, and which sign makes it hold. */
export function claimExplanations(ctx: ResultsContext): Record<string, string> {
  const names = claimNames(ctx);
  const ends = axisEnds(ctx);
  const range = ends ? `${axisHeading(ctx.axis, ends[1])} minus ${ends[0]}` : "";
  return {
    [names.seatbelt]:
      "Seatbelt minus β-TCVAE at the same axis values and seed. Holds where Δ is higher (log p(x_t | z*) lower) with the interval clear of 0; the held-out ELBO rows are shown for the cost in fit, without a verdict.",
    [names.trend]: `Each model at ${range}. Holds where Δ or Δ / Δ₀ rises (log p(x_t | z*) falls); Δ / Δ₀ is free of the divergence's scale, which a larger β shrinks.`,
    [names.depth]:
      "The deeper Seatbelt minus the shallower at the same axis values. Latent Δ grows with the latent size, so Δ per latent dimension and the output attack's Δ are the fair comparisons.",
    [names.elbo]: `Each model's ELBO change (${range}, for information), then the Seatbelt's change minus the β-TCVAE's: holds where it is positive (the Seatbelt loses less).`,
    [names.tcdlgm]:
      "β-TCDLGM minus the Seatbelt of the same depth. Holds where β-TCDLGM is less robust (Δ lower, log p(x_t | z*) higher); within noise means no gain was detected, which is consistent with the claim but does not prove it.",
  };
}

const agreeing = (r: ContrastRow) =>
  r.verdict === null || !Number.isFinite(r.agreeing)
    ? ""
    : `${Math.round(r.agreeing * r.estimate.seeds)} of ${r.estimate.seeds}`;

/** The rows of one claim as a table. */
export function contrastTable(rows: readonly ContrastRow[]): string {
  return markdownTable(
    ["contrast", "attack", "metric", "difference [95% CI]", "seeds agreeing", "verdict"],
    rows.map((r) => [
      r.contrast,
      r.attack || "held-out",
      r.metric,
      withCi(r.estimate),
      agreeing(r),
      r.verdict ?? "-",
    ]),
  );
}

const VERDICTS: ClaimVerdict[] = ["holds", "within noise", "contradicted", "too few seeds"];

/** Per claim, how many of its rows got each verdict. */
export function verdictSummary(rows: readonly ContrastRow[]): string {
  const claims = [...new Set(rows.filter((r) => r.verdict !== null).map((r) => r.claim))];
  return markdownTable(
    ["claim", ...VERDICTS],
    claims.map((claim) => {
      const counts = verdictCounts(
        rows.filter((r) => r.claim === claim && r.verdict !== null).map((r) => r.verdict!),
      );
      return [claim, ...VERDICTS.map((v) => String(counts[v]))];
    }),
  );
}
