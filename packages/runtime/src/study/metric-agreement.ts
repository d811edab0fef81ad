import { sampleRankCorrelation } from "simple-statistics";
import type { PointRecord } from "./point-record.js";
import { ATTACK_METRICS } from "./study-table.js";
import { DEFAULT_REPLICATES, seededRandom, seedFromText } from "./statistics.js";

/*
 * Do the study's measures of robustness agree? Issue 14 asks whether the attack-free robustness
 * margin ranks models as the attacks' Delta does, and whether robustness tracks disentanglement
 * (MIG). Each point of one data set (one model at one beta and seed) is summarised by its
 * per-run metrics and, per attack, the mean over its pairs; two measures agree when they rank
 * the points alike: Spearman's rank correlation (simple-statistics' sampleRankCorrelation,
 * average ranks for ties). Every measure is oriented so that higher means more robust (the
 * downstream success and log p(x_t | z*) enter negated), so rho > 0 is agreement. The 95%
 * interval is a seeded percentile bootstrap over points; the points are a designed grid, not a
 * random sample, so it says how firmly this grid's ranking agrees, not more.
 */

export interface Measure {
  /** `margin`, `mig`, `kl.delta`, `output.success`, ... */
  key: string;
  label: string;
  /** The point's value, higher meaning more robust (or more disentangled); null when absent. */
  value: (r: PointRecord) => number | null;
}

export interface Agreement {
  a: Measure;
  b: Measure;
  rho: number;
  lo: number;
  hi: number;
  /** Points where both measures have a value. */
  n: number;
  verdict: "agree" | "disagree" | "within noise";
}

const ATTACK_NAMES: Record<string, string> = { kl: "latent KL", w2: "latent W2", output: "output" };

/** The mean over a point's pairs of one of the study's per-pair metrics (study-table.ts); null
 * where no pair has a value (the metric reads NaN for one it lacks). */
function pairMean(r: PointRecord, kind: string, metric: string): number | null {
  const { read } = ATTACK_METRICS.find((m) => m.id === metric)!;
  const values = (r.attacks.find((a) => a.kind === kind)?.pairs ?? [])
    .map((p) => read(p, r))
    .filter(Number.isFinite);
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

const evalValue = (key: string) => (r: PointRecord) =>
  Number.isFinite(r.eval[key]) ? r.eval[key] : null;

/** The attack-free measures: the robustness margin bound and MIG. */
export const REFERENCE_MEASURES: Measure[] = [
  { key: "margin", label: "robustness margin", value: evalValue("margin") },
  { key: "mig", label: "MIG", value: evalValue("mig") },
];

/** One attack's measures, each oriented so that higher is more robust. */
export function attackMeasures(kind: string): Measure[] {
  const name = ATTACK_NAMES[kind] ?? kind;
  return [
    {
      key: `${kind}.delta`,
      label: `${name} Δ`,
      value: (r) => pairMean(r, kind, "deltaWithoutLambda"),
    },
    {
      key: `${kind}.relativeDelta`,
      label: `${name} Δ / Δ₀`,
      value: (r) => pairMean(r, kind, "relativeDelta"),
    },
    {
      key: `${kind}.auddc`,
      label: `${name} AUDDC`,
      value: (r) => pairMean(r, kind, "auddc"),
    },
    {
      key: `${kind}.success`,
      label: `${name} −downstream success`,
      value: (r) => {
        const success = pairMean(r, kind, "downstreamSuccess");
        return success === null ? null : -success;
      },
    },
  ];
}

/** Spearman's rho, or null when either side has no spread (every rank tied). */
function rho(x: number[], y: number[]): number | null {
  const spread = (v: number[]) => v.some((value) => value !== v[0]);
  if (x.length < 3 || !spread(x) || !spread(y)) return null;
  return sampleRankCorrelation(x, y);
}

/** Rank agreement of two measures over the points with 95% bootstrap interval; null with fewer
 * than four points or no spread. */
export function agreement(
  records: readonly PointRecord[],
  a: Measure,
  b: Measure,
  options: { seed?: number; replicates?: number } = {},
): Agreement | null {
  const pairs = records
    .map((r) => [a.value(r), b.value(r)] as const)
    .filter((p): p is readonly [number, number] => p[0] !== null && p[1] !== null);
  const estimate = rho(
    pairs.map((p) => p[0]),
    pairs.map((p) => p[1]),
  );
  if (pairs.length < 4 || estimate === null) return null;
  const random = seededRandom(seedFromText(`${a.key}|${b.key}`, options.seed ?? 1));
  const replicates: number[] = [];
  for (let i = 0; i < (options.replicates ?? DEFAULT_REPLICATES); i++) {
    const drawn = pairs.map(() => pairs[Math.floor(random() * pairs.length)]);
    const value = rho(
      drawn.map((p) => p[0]),
      drawn.map((p) => p[1]),
    );
    if (value !== null) replicates.push(value);
  }
  replicates.sort((x, y) => x - y);
  const at = (q: number) =>
    replicates[Math.min(replicates.length - 1, Math.floor(q * replicates.length))];
  const [lo, hi] = replicates.length > 0 ? [at(0.025), at(0.975)] : [estimate, estimate];
  const verdict = lo > 0 ? "agree" : hi < 0 ? "disagree" : "within noise";
  return { a, b, rho: estimate, lo, hi, n: pairs.length, verdict };
}

/**
 * The comparisons docs/results.md reports for one data set: the margin and MIG against each
 * attack's Delta, Delta / Delta_0, AUDDC and downstream success, and each attack's Delta and
 * Delta / Delta_0 against its downstream success (does a divergence say what a classifier sees?).
 */
export function metricAgreements(
  records: readonly PointRecord[],
  kinds: readonly string[],
  seed = 1,
): Agreement[] {
  const rows: Array<Agreement | null> = [];
  for (const reference of REFERENCE_MEASURES)
    for (const kind of kinds)
      for (const measure of attackMeasures(kind))
        rows.push(agreement(records, reference, measure, { seed }));
  for (const kind of kinds) {
    const [delta, relative, , success] = attackMeasures(kind);
    rows.push(agreement(records, delta, success, { seed }));
    rows.push(agreement(records, relative, success, { seed }));
  }
  return rows.filter((r): r is Agreement => r !== null);
}
