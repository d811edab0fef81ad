import { MODEL_METRIC_KEYS } from "./study-values.js";
import type { PairRow, PointRecord } from "./point-record.js";
import {
  estimate,
  pairedDifference,
  seedFromText,
  type Estimate,
  type PairedDifference,
  type SeedGroup,
} from "./statistics.js";

/*
 * From point records to the study's tables: every per-pair row (for the CSV), one cell per model
 * and axis values and metric with its mean and 95% CI over seeds and pairs, and paired
 * comparisons of two models at matched axis values and seeds. `train.seed` is the replicate
 * axis: it never defines a cell.
 */

const SEED_AXIS = "train.seed";

/** A metric of the tables: a held-out one, or an attack's (per kind). */
export interface Metric {
  id: string;
  title: string;
  /** Which way the model is better (more robust, or a better fit), for the reader; null for a
   * quantity that is context, not a verdict (the unattacked divergence). */
  better: "higher" | "lower" | null;
  read: (row: PairRow, record: PointRecord) => number;
}

export const ATTACK_METRICS: Metric[] = [
  { id: "delta", title: "Delta at the chosen lambda", better: "higher", read: (r) => r.delta },
  {
    id: "deltaWithoutLambda",
    title: "Delta without the lambda ||d|| term (the divergence the attack reached)",
    better: "higher",
    read: (r) => r.deltaWithoutLambda,
  },
  {
    id: "deltaWithoutLambdaPerDim",
    title: "Delta without the lambda term per latent dimension",
    better: "higher",
    read: (r, p) => r.deltaWithoutLambda / Math.max(1, p.latentDims),
  },
  {
    id: "baselineDelta",
    title:
      "Delta_0, the divergence between the source's and the target's encodings before the attack",
    better: null,
    read: (r) => r.baselineDelta,
  },
  {
    // Delta's nats scale with how precise the posteriors are (a larger beta widens them and
    // closes units, shrinking every divergence, the unattacked one too): this ratio is the share
    // of the source-target gap the attack could not close, comparable across models and betas.
    id: "relativeDelta",
    title: "Delta relative to the unattacked divergence (Delta / Delta at d = 0)",
    better: "higher",
    read: (r) => (r.baselineDelta > 0 ? r.deltaWithoutLambda / r.baselineDelta : NaN),
  },
  {
    id: "deltaPerDim",
    title: "Delta per latent dimension",
    better: "higher",
    read: (r, p) => r.delta / Math.max(1, p.latentDims),
  },
  { id: "distortion", title: "||d||", better: "higher", read: (r) => r.distortion },
  {
    id: "logLikelihoodTarget",
    title: "log p(x_t | z*)",
    better: "lower",
    read: (r) => r.logLikelihoodTarget,
  },
  { id: "l2ToTarget", title: "L2 to target", better: "higher", read: (r) => r.l2ToTarget },
  {
    id: "auddc",
    title: "AUDDC (area under the distortion-distance curve)",
    better: "higher",
    read: (r) => r.auddc ?? NaN,
  },
  {
    id: "downstreamSuccess",
    title: "downstream attack success (adversarial reconstruction classified as the target)",
    better: "lower",
    read: (r) => r.downstreamSuccess ?? NaN,
  },
];

export interface Cell {
  /** The spec the model comes from (models are told apart by spec, not by name). */
  spec: string;
  model: string;
  data: string;
  /** Axis values (without the seed). */
  axes: Record<string, number | string>;
  /** `elbo` etc. for held-out metrics; `kl`, `w2`, `output` for an attack. */
  attack: string | null;
  metric: string;
  estimate: Estimate;
}

export interface Comparison {
  a: { spec: string; model: string };
  b: { spec: string; model: string };
  data: string;
  axes: Record<string, number | string>;
  attack: string | null;
  metric: string;
  difference: PairedDifference;
}

export interface LongRow {
  spec: string;
  model: string;
  family: string;
  data: string;
  axes: Record<string, number | string>;
  seed: number;
  step: number;
  runDir: string;
  attack: string | null;
  pair: PairRow | null;
  eval: Record<string, number>;
}

/** One row per (point, attack, pair), and one per point for the held-out metrics. */
export function longRows(records: readonly PointRecord[]): LongRow[] {
  const rows: LongRow[] = [];
  for (const r of records) {
    const base = {
      spec: r.spec,
      model: r.model,
      family: r.family,
      data: r.data,
      axes: r.axes,
      seed: r.seed,
      step: r.step,
      runDir: r.runDir,
      eval: r.eval,
    };
    rows.push({ ...base, attack: null, pair: null });
    for (const a of r.attacks)
      for (const p of a.pairs) rows.push({ ...base, attack: a.kind, pair: p });
  }
  return rows;
}

const cellAxes = (r: PointRecord) =>
  Object.fromEntries(Object.entries(r.axes).filter(([k]) => k !== SEED_AXIS));
const keyOf = (axes: Record<string, number | string>) =>
  JSON.stringify(Object.entries(axes).sort(([x], [y]) => x.localeCompare(y)));

/** The values of one metric per seed, for one group of records (same spec and axes). */
export function seedGroups(
  records: readonly PointRecord[],
  attack: string | null,
  metric: string,
): SeedGroup[] {
  const bySeed = new Map<number, number[]>();
  for (const r of records) {
    const values = bySeed.get(r.seed) ?? [];
    if (attack === null) {
      const v = r.eval[metric];
      if (typeof v === "number") values.push(v);
    } else {
      const m = ATTACK_METRICS.find((x) => x.id === metric)!;
      const rows = r.attacks.find((a) => a.kind === attack)?.pairs ?? [];
      // Undefined per-pair values (NaN: a same-class pair's success, say) are left out.
      values.push(...rows.map((p) => m.read(p, r)).filter(Number.isFinite));
    }
    bySeed.set(r.seed, values);
  }
  return [...bySeed].map(([seed, values]) => ({ seed, values }));
}

interface Group {
  spec: string;
  model: string;
  data: string;
  axes: Record<string, number | string>;
  records: PointRecord[];
}

function groupRecords(records: readonly PointRecord[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of records) {
    const axes = cellAxes(r);
    const key = `${r.spec}\u0000${keyOf(axes)}`;
    const g = groups.get(key) ?? { spec: r.spec, model: r.model, data: r.data, axes, records: [] };
    g.records.push(r);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** The metrics present: held-out ones (`elbo`, ...) and each attack kind's. */
function metricsOf(
  records: readonly PointRecord[],
): Array<{ attack: string | null; metric: string }> {
  const evalKeys = [...new Set(records.flatMap((r) => Object.keys(r.eval)))].filter(
    (k) => k === "elbo" || k === "iwae" || k in MODEL_METRIC_KEYS,
  );
  const kinds = [...new Set(records.flatMap((r) => r.attacks.map((a) => a.kind)))];
  return [
    ...evalKeys.map((metric) => ({ attack: null, metric })),
    ...kinds.flatMap((attack) => ATTACK_METRICS.map((m) => ({ attack, metric: m.id }))),
  ];
}

export function studyCells(records: readonly PointRecord[], seed = 1): Cell[] {
  const cells: Cell[] = [];
  for (const g of groupRecords(records)) {
    for (const { attack, metric } of metricsOf(records)) {
      const groups = seedGroups(g.records, attack, metric);
      if (groups.every((x) => x.values.length === 0)) continue;
      const key = `${g.spec}|${keyOf(g.axes)}|${attack}|${metric}`;
      cells.push({
        spec: g.spec,
        model: g.model,
        data: g.data,
        axes: g.axes,
        attack,
        metric,
        estimate: estimate(groups, { seed: seedFromText(key, seed) }),
      });
    }
  }
  return cells;
}

/**
 * Every pair of specs trained on the same data, at every axis value both have (on the axes they
 * share), metric by metric: the later spec (A) minus the earlier (B), in the order given.
 */
export function pairedComparisons(
  records: readonly PointRecord[],
  specOrder: readonly string[],
  seed = 1,
): Comparison[] {
  const groups = groupRecords(records);
  const order = (spec: string) => specOrder.indexOf(spec);
  const out: Comparison[] = [];
  for (const a of groups) {
    for (const b of groups) {
      if (a.spec === b.spec || a.data !== b.data || order(a.spec) <= order(b.spec)) continue;
      const shared = Object.keys(a.axes).filter((k) => k in b.axes);
      if (shared.some((k) => a.axes[k] !== b.axes[k])) continue;
      // Axes only one side has (a beta the baseline lacks) stay in the key of the comparison.
      const axes = { ...b.axes, ...a.axes };
      for (const { attack, metric } of metricsOf(records)) {
        const ga = seedGroups(a.records, attack, metric);
        const gb = seedGroups(b.records, attack, metric);
        const key = `${a.spec}|${b.spec}|${keyOf(axes)}|${attack}|${metric}`;
        const difference = pairedDifference(ga, gb, {
          seed: seedFromText(key, seed),
          matchedPairs: attack !== null && samePairs(a.records, b.records, attack),
        });
        if (difference.seeds === 0) continue;
        out.push({
          a: { spec: a.spec, model: a.model },
          b: { spec: b.spec, model: b.model },
          data: a.data,
          axes,
          attack,
          metric,
          difference,
        });
      }
    }
  }
  return out;
}

/** Whether, seed by seed, both were attacked on the same (source, target) pairs in order. */
export function samePairs(
  a: readonly PointRecord[],
  b: readonly PointRecord[],
  attack: string,
): boolean {
  const pairs = (r: PointRecord) =>
    JSON.stringify(
      r.attacks.find((x) => x.kind === attack)?.pairs.map((p) => [p.source, p.target]),
    );
  return a.every((ra) => {
    const rb = b.find((x) => x.seed === ra.seed);
    return rb === undefined || pairs(ra) === pairs(rb);
  });
}
