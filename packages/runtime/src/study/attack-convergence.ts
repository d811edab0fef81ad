import type { PointRecord } from "./point-record.js";

/*
 * Whether a study's attacks were run to convergence: per model, axis values (beta, ...) and
 * attack kind, how many pairs' chosen rows ended converged (the optimiser's projected-gradient or
 * objective tolerance) and how many were cut off at the iteration or evaluation cap, with their
 * mean iterations. A Delta reached by capped attacks is a lower bound on what the attacker could
 * do, so a study whose rows mostly hit the cap says more about the budget than the models.
 * Records written before the optimiser's state was kept have no `status` and are not counted.
 */

export type ConvergenceOutcome = "converged" | "capped" | "lineSearch" | "other";

/** How an optimiser's end state (attack/optim/box-problem.ts `BoxStatus`) counts. */
export function convergenceOutcome(status: string): ConvergenceOutcome {
  if (status.startsWith("converged")) return "converged";
  if (status === "max-iterations" || status === "max-evaluations") return "capped";
  // No decrease found along the search direction: after many iterations, usually the objective
  // at its float32 precision near a minimum; after a few, an attack that stalled.
  if (status === "line-search-failed") return "lineSearch";
  // `non-finite`, or a state this version does not know.
  return "other";
}

export interface ConvergenceRow {
  spec: string;
  model: string;
  data: string;
  /** The cell's axis values, without the seed. */
  axes: Record<string, number | string>;
  attack: string;
  /** Pairs with a recorded optimiser state (over every seed). */
  pairs: number;
  converged: number;
  capped: number;
  lineSearch: number;
  other: number;
  /** Mean iterations at the chosen lambda over those pairs. */
  meanIterations: number;
  /** The most iterations any of them ran. */
  maxIterations: number;
}

const SEED_AXIS = "train.seed";

/** Axis values in order: numbers numerically, then text. */
function compareAxes(a: Record<string, number | string>, b: Record<string, number | string>) {
  for (const [k, va] of Object.entries(a)) {
    const vb = b[k];
    if (va === vb || vb === undefined) continue;
    return typeof va === "number" && typeof vb === "number"
      ? va - vb
      : String(va).localeCompare(String(vb));
  }
  return 0;
}

/**
 * One row per spec, axis values (without the seed) and attack kind: by data set, then spec (in
 * `specOrder`, the study's, then first seen), then axis values, then attack kind as first seen.
 */
export function attackConvergence(
  records: readonly PointRecord[],
  specOrder: readonly string[] = [],
): ConvergenceRow[] {
  const rows = new Map<string, ConvergenceRow & { iterationSum: number }>();
  for (const r of records) {
    const axes = Object.fromEntries(Object.entries(r.axes).filter(([k]) => k !== SEED_AXIS));
    for (const a of r.attacks) {
      const sorted = Object.entries(axes).sort(([x], [y]) => x.localeCompare(y));
      const key = JSON.stringify([r.spec, sorted, a.kind]);
      const row = rows.get(key) ?? {
        spec: r.spec,
        model: r.model,
        data: r.data,
        axes,
        attack: a.kind,
        pairs: 0,
        converged: 0,
        capped: 0,
        lineSearch: 0,
        other: 0,
        meanIterations: NaN,
        maxIterations: 0,
        iterationSum: 0,
      };
      for (const p of a.pairs) {
        if (p.status === undefined) continue;
        row.pairs++;
        row[convergenceOutcome(p.status)]++;
        row.iterationSum += p.iterations ?? 0;
        row.maxIterations = Math.max(row.maxIterations, p.iterations ?? 0);
      }
      rows.set(key, row);
    }
  }
  const first = (xs: string[]) => (x: string) => xs.indexOf(x);
  const data = first([...new Set(records.map((r) => r.data))]);
  const spec = first([...new Set([...specOrder, ...records.map((r) => r.spec)])]);
  const kind = first([...new Set(records.flatMap((r) => r.attacks.map((a) => a.kind)))]);
  return [...rows.values()]
    .filter((r) => r.pairs > 0)
    .map(({ iterationSum, ...row }) => ({ ...row, meanIterations: iterationSum / row.pairs }))
    .sort(
      (a, b) =>
        data(a.data) - data(b.data) ||
        spec(a.spec) - spec(b.spec) ||
        compareAxes(a.axes, b.axes) ||
        kind(a.attack) - kind(b.attack),
    );
}
