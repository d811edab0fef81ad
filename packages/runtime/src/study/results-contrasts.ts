import type { PointRecord } from "./point-record.js";
import {
  estimate,
  pairedDifference,
  seedFromText,
  type Estimate,
  type SeedGroup,
} from "./statistics.js";
import { samePairs, seedGroups } from "./study-table.js";
import { claimVerdict, type ClaimDirection, type ClaimVerdict } from "./claims.js";
import {
  axesKey,
  axisHeading,
  cellAxes,
  recordsOf,
  variantsOf,
  type AxisValue,
  type ResultsContext,
  type Variant,
} from "./results-context.js";

/*
 * The contrasts behind the paper's claims, each a difference at matched seeds with its 95%
 * two-stage bootstrap interval (statistics.ts) and a verdict: two models at the same axis values
 * (read from the study's paired comparisons, so they equal paired.csv), one model at the highest
 * against the lowest value of the swept axis, and the difference of two models' ELBO changes
 * over that axis.
 */

export interface ContrastRow {
  claim: string;
  /** What is subtracted from what (`SeatbeltL2 - BetaTcVae at β = 4`). */
  contrast: string;
  /** The attack kind, or "" for a held-out metric. */
  attack: string;
  metric: string;
  estimate: Estimate;
  /** Fraction of the matched seeds whose own difference points the claimed way. */
  agreeing: number;
  /** Null for a row shown for information (no claim about its sign). */
  verdict: ClaimVerdict | null;
}

export const METRIC_NAMES: Record<string, string> = {
  elbo: "held-out ELBO",
  deltaWithoutLambda: "Δ",
  deltaWithoutLambdaPerDim: "Δ per latent dim",
  relativeDelta: "Δ / Δ₀",
  logLikelihoodTarget: "log p(x_t | z*)",
};

/** The sign of "more robust" (or "a better fit", for the ELBO) in each metric. */
export const MORE_ROBUST: Record<string, ClaimDirection> = {
  elbo: "positive",
  deltaWithoutLambda: "positive",
  deltaWithoutLambdaPerDim: "positive",
  relativeDelta: "positive",
  logLikelihoodTarget: "negative",
};

const flip = (d: ClaimDirection): ClaimDirection => (d === "positive" ? "negative" : "positive");

const seedMeans = (groups: readonly SeedGroup[]) =>
  new Map(
    groups
      .filter((g) => g.values.length > 0)
      .map((g) => [g.seed, g.values.reduce((s, v) => s + v, 0) / g.values.length]),
  );

/** Fraction of seeds in both whose difference A - B has the claimed sign. */
export function agreeingSeeds(
  a: readonly SeedGroup[],
  b: readonly SeedGroup[],
  direction: ClaimDirection,
): number {
  const mb = seedMeans(b);
  const differences = [...seedMeans(a)].flatMap(([seed, m]) =>
    mb.has(seed) ? [m - mb.get(seed)!] : [],
  );
  const agree = differences.filter((d) => (direction === "positive" ? d > 0 : d < 0)).length;
  return differences.length === 0 ? NaN : agree / differences.length;
}

/** The metrics a robustness claim is judged on, per attack kind. */
export function robustnessMetrics(
  kinds: readonly string[],
  which: { perDim: boolean; logLikelihood: boolean },
): Array<{ attack: string; metric: string }> {
  return kinds.flatMap((attack) => [
    { attack, metric: "deltaWithoutLambda" },
    // Latent divergences grow with the latent size; the output attack's is in data space.
    ...(which.perDim && attack !== "output"
      ? [{ attack, metric: "deltaWithoutLambdaPerDim" }]
      : []),
    // Scale-free: the share of the unattacked divergence left (study-table.ts).
    { attack, metric: "relativeDelta" },
    ...(which.logLikelihood ? [{ attack, metric: "logLikelihoodTarget" }] : []),
  ]);
}

/**
 * A minus B at every value of the swept axis, from the study's paired comparisons. `direction`
 * is the claimed sign when A is more robust; `claimed` flips it for a claim that A is not.
 */
export function modelContrasts(
  ctx: ResultsContext,
  claim: string,
  a: Variant,
  b: Variant,
  metrics: ReadonlyArray<{ attack: string | null; metric: string }>,
  claimed: "a more robust" | "a not more robust" | "none",
): ContrastRow[] {
  const rows: ContrastRow[] = [];
  for (const value of ctx.values) {
    const key = axesKey(cellAxes(ctx, { ...b.others, ...a.others }, value));
    for (const { attack, metric } of metrics) {
      const c = ctx.comparisons.find(
        (x) =>
          x.a.spec === a.spec &&
          x.b.spec === b.spec &&
          x.attack === attack &&
          x.metric === metric &&
          axesKey(x.axes) === key,
      );
      if (!c) continue;
      const robust = MORE_ROBUST[metric] ?? "positive";
      const direction = claimed === "a not more robust" ? flip(robust) : robust;
      rows.push({
        claim,
        contrast: `${a.label} - ${b.label} at ${heading(ctx, value)}`,
        attack: attack ?? "",
        metric: METRIC_NAMES[metric] ?? metric,
        estimate: c.difference,
        agreeing: agreeingSeeds(
          seedGroups(recordsOf(ctx, a, value), attack, metric),
          seedGroups(recordsOf(ctx, b, value), attack, metric),
          direction,
        ),
        verdict: claimed === "none" ? null : claimVerdict(c.difference, direction),
      });
    }
  }
  return rows;
}

const heading = (ctx: ResultsContext, value: AxisValue) => axisHeading(ctx.axis, value);

/** The lowest and highest value of the swept axis (numbers only), if there are two. */
export function axisEnds(ctx: ResultsContext): [AxisValue, AxisValue] | undefined {
  const numbers = ctx.values.filter((v) => typeof v === "number");
  return numbers.length >= 2 ? [numbers[0], numbers.at(-1)!] : undefined;
}

/** One model's metric at the highest minus at the lowest value of the swept axis. */
export function trendContrast(
  ctx: ResultsContext,
  claim: string,
  variant: Variant,
  attack: string | null,
  metric: string,
  direction: ClaimDirection | null,
): ContrastRow | undefined {
  const ends = axisEnds(ctx);
  if (!ends) return undefined;
  const [low, high] = ends;
  const hi = recordsOf(ctx, variant, high);
  const lo = recordsOf(ctx, variant, low);
  const gHigh = seedGroups(hi, attack, metric);
  const gLow = seedGroups(lo, attack, metric);
  const key = `${variant.spec}|${axesKey(variant.others)}|${ctx.axis} ${high} - ${low}|${attack}|${metric}`;
  const difference = pairedDifference(gHigh, gLow, {
    seed: seedFromText(key, ctx.seed),
    matchedPairs: attack !== null && samePairs(hi, lo, attack),
  });
  if (difference.seeds === 0) return undefined;
  return {
    claim,
    contrast: `${variant.label}: ${heading(ctx, high)} - ${heading(ctx, low)}`,
    attack: attack ?? "",
    metric: METRIC_NAMES[metric] ?? metric,
    estimate: difference,
    agreeing: agreeingSeeds(gHigh, gLow, direction ?? "positive"),
    verdict: direction === null ? null : claimVerdict(difference, direction),
  };
}

/** A held-out metric's value per seed, for records of one variant at one axis value. */
const perSeed = (records: readonly PointRecord[], metric: string) =>
  seedMeans(seedGroups(records, null, metric));

/**
 * How much more slowly A's ELBO changes over the swept axis than B's: per seed,
 * (A at the highest - A at the lowest) - (B at the highest - B at the lowest), over the seeds
 * all four have, its mean and two-stage bootstrap interval (seeds resampled). Positive: A's
 * ELBO degrades less.
 */
export function changeDifference(
  ctx: ResultsContext,
  claim: string,
  a: Variant,
  b: Variant,
  metric = "elbo",
): ContrastRow | undefined {
  const ends = axisEnds(ctx);
  if (!ends) return undefined;
  const [low, high] = ends;
  const [aHigh, aLow, bHigh, bLow] = [
    perSeed(recordsOf(ctx, a, high), metric),
    perSeed(recordsOf(ctx, a, low), metric),
    perSeed(recordsOf(ctx, b, high), metric),
    perSeed(recordsOf(ctx, b, low), metric),
  ];
  const groups: SeedGroup[] = [...aHigh.keys()]
    .filter((s) => aLow.has(s) && bHigh.has(s) && bLow.has(s))
    .map((seed) => ({
      seed,
      values: [aHigh.get(seed)! - aLow.get(seed)! - (bHigh.get(seed)! - bLow.get(seed)!)],
    }));
  if (groups.length === 0) return undefined;
  const key = `${a.spec}|${b.spec}|${axesKey(a.others)}|${ctx.axis} change|${metric}`;
  const result = estimate(groups, { seed: seedFromText(key, ctx.seed) });
  const range = `${heading(ctx, low)} to ${high}`;
  return {
    claim,
    contrast: `(${a.label} change) - (${b.label} change), ${range}`,
    attack: "",
    metric: METRIC_NAMES[metric] ?? metric,
    estimate: result,
    agreeing: groups.filter((g) => g.values[0] > 0).length / groups.length,
    verdict: claimVerdict(result, "positive"),
  };
}

/** The variant of `spec` whose other axes equal `like`'s (the same setting of everything else). */
export function matchingVariant(
  ctx: ResultsContext,
  spec: string | undefined,
  like: Variant,
): Variant | undefined {
  return variantsOf(ctx, spec).find((v) => axesKey(v.others) === axesKey(like.others));
}
