/*
 * The study's statistics, as pure functions of numbers grouped by training seed. A cell (one
 * model at one set of axis values, one metric) holds, per seed, the values of its attack pairs
 * (or a single value, for a held-out metric). Its estimate is the mean over seeds of the mean over
 * pairs within a seed, so every seed weighs the same. Its 95% interval is a two-stage
 * (hierarchical) percentile bootstrap: resample the seeds with replacement, then, within each
 * drawn seed, its pairs with replacement; recompute the estimate; take the 2.5% and 97.5%
 * percentiles of 2,000 such replicates. The generator is seeded, so a report is reproducible.
 * With one seed the interval reflects the pairs only (the seed-to-seed spread is unknown).
 */

/** The values of one training seed: attack pairs, or one held-out metric. */
export interface SeedGroup {
  seed: number;
  values: number[];
}

export interface Estimate {
  mean: number;
  /** 95% bootstrap interval (equal to the mean when there is nothing to resample). */
  lo: number;
  hi: number;
  seeds: number;
  /** Values over all seeds (pairs x seeds). */
  n: number;
}

export interface PairedDifference extends Estimate {
  /** Fraction of matched seeds where A's seed mean is greater than B's. */
  aGreater: number;
}

export interface BootstrapOptions {
  replicates?: number;
  /** Seeds the generator; a cell's own key is mixed in by the caller for independent streams. */
  seed?: number;
  /** Two-sided coverage (default 0.95). */
  level?: number;
}

export const DEFAULT_REPLICATES = 2000;

/** A small seeded generator (mulberry32): uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from text (FNV-1a), so each cell gets its own reproducible stream. */
export function seedFromText(text: string, base = 0): number {
  let h = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The estimate: the mean over seeds of each seed's mean. */
export function meanOfSeedMeans(groups: readonly SeedGroup[]): number {
  const used = groups.filter((g) => g.values.length > 0);
  return used.length === 0 ? NaN : mean(used.map((g) => mean(g.values)));
}

/** The q-quantile of sorted values, linearly interpolated between order statistics (R's type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** One two-stage bootstrap replicate: seeds drawn with replacement, then pairs within each. */
export function bootstrapReplicate(groups: readonly SeedGroup[], random: () => number): number {
  const draw = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const seedMeans: number[] = [];
  for (let s = 0; s < groups.length; s++) {
    const group = draw(groups);
    let total = 0;
    for (let p = 0; p < group.values.length; p++) total += draw(group.values);
    seedMeans.push(total / group.values.length);
  }
  return mean(seedMeans);
}

function interval(
  estimate: number,
  replicate: (random: () => number) => number,
  options: BootstrapOptions,
): { lo: number; hi: number } {
  const random = seededRandom(options.seed ?? 1);
  const count = options.replicates ?? DEFAULT_REPLICATES;
  const tail = (1 - (options.level ?? 0.95)) / 2;
  const values = Array.from({ length: count }, () => replicate(random)).sort((a, b) => a - b);
  if (!Number.isFinite(estimate)) return { lo: NaN, hi: NaN };
  return { lo: quantile(values, tail), hi: quantile(values, 1 - tail) };
}

/** Mean over seeds and pairs with its two-stage percentile-bootstrap interval. */
export function estimate(groups: readonly SeedGroup[], options: BootstrapOptions = {}): Estimate {
  const used = groups.filter((g) => g.values.length > 0 && g.values.every(Number.isFinite));
  const value = meanOfSeedMeans(used);
  const n = used.reduce((s, g) => s + g.values.length, 0);
  if (used.length === 0) return { mean: NaN, lo: NaN, hi: NaN, seeds: 0, n: 0 };
  const { lo, hi } = interval(value, (r) => bootstrapReplicate(used, r), options);
  return { mean: value, lo, hi, seeds: used.length, n };
}

/**
 * A minus B at matched seeds: per seed, A's mean minus B's mean; the estimate is the mean of
 * those differences. When the two were attacked on the same pairs (same held-out split and
 * attack seed: `matchedPairs`), the bootstrap resamples the pair differences within each seed;
 * otherwise it resamples A's and B's pairs independently. Seeds present in only one are left out.
 */
export function pairedDifference(
  a: readonly SeedGroup[],
  b: readonly SeedGroup[],
  options: BootstrapOptions & { matchedPairs?: boolean } = {},
): PairedDifference {
  const bySeed = new Map(b.map((g) => [g.seed, g.values]));
  const matched = a
    .filter((g) => bySeed.has(g.seed) && g.values.length > 0 && bySeed.get(g.seed)!.length > 0)
    .map((g) => ({ seed: g.seed, a: g.values, b: bySeed.get(g.seed)! }));
  if (matched.length === 0) return { mean: NaN, lo: NaN, hi: NaN, seeds: 0, n: 0, aGreater: NaN };
  const differences = matched.map((m) => mean(m.a) - mean(m.b));
  const value = mean(differences);
  const aGreater = differences.filter((d) => d > 0).length / differences.length;
  const n = matched.reduce((s, m) => s + m.a.length, 0);
  const pairwise = options.matchedPairs === true && matched.every((m) => m.a.length === m.b.length);
  const replicate = pairwise
    ? (r: () => number) =>
        bootstrapReplicate(
          matched.map((m) => ({ seed: m.seed, values: m.a.map((x, i) => x - m.b[i]) })),
          r,
        )
    : (r: () => number) => {
        // Draw the seeds once; resample each side's pairs within the drawn seed.
        const draws = matched.map(() => matched[Math.floor(r() * matched.length)]);
        const side = (pick: (m: (typeof matched)[number]) => number[]) =>
          bootstrapReplicateFixed(draws.map(pick), r);
        return side((m) => m.a) - side((m) => m.b);
      };
  const { lo, hi } = interval(value, replicate, options);
  return { mean: value, lo, hi, seeds: matched.length, n, aGreater };
}

/** The second stage alone: each (already drawn) seed's values resampled, then averaged. */
function bootstrapReplicateFixed(groups: readonly number[][], random: () => number): number {
  const seedMeans = groups.map((values) => {
    let total = 0;
    for (let p = 0; p < values.length; p++) total += values[Math.floor(random() * values.length)];
    return total / values.length;
  });
  return mean(seedMeans);
}
