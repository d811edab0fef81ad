import type { TopLevelSpec } from "vega-lite";
import type { PointRecord } from "./point-record.js";
import { PLOT_FONT } from "../report/plots.js";

/*
 * Did training flatten? The held-out ELBO (beta = 1) at each evaluation during training, from the
 * records' `heldOutCurve`: one line per point (each seed its own line, so a run stopped early by
 * its own patience is not averaged with longer ones), coloured by the cell's axis values, one
 * small panel per model, one figure per data set. A curve still climbing at its last step is a
 * model compared before it converged.
 */

export interface CurveValue {
  model: string;
  /** The cell's axis values without the seed (`beta = 2`): the line's colour. */
  cell: string;
  seed: number;
  step: number;
  elbo: number;
}

const SEED_AXIS = "train.seed";

/** The label of a record's cell: its axes other than the seed, in the order the record has. */
export function cellLabel(record: PointRecord): string {
  const axes = Object.entries(record.axes).filter(([k]) => k !== SEED_AXIS);
  return axes.length === 0 ? "all" : axes.map(([k, v]) => `${k} = ${v}`).join(", ");
}

/** Orders cells by their axis values, numbers numerically (`beta = 2` before `beta = 10`). */
function compareCells(a: PointRecord, b: PointRecord): number {
  for (const [k, va] of Object.entries(a.axes)) {
    const vb = b.axes[k];
    if (k === SEED_AXIS || va === vb) continue;
    if (typeof va === "number" && typeof vb === "number") return va - vb;
    return String(va).localeCompare(String(vb));
  }
  return 0;
}

/** The curve values of one data set's records, finite ones only. */
export function heldOutCurveValues(records: readonly PointRecord[]): CurveValue[] {
  return records.flatMap((r) =>
    (r.heldOutCurve ?? [])
      .filter((p) => Number.isFinite(p.elbo))
      .map((p) => ({
        model: r.model,
        cell: cellLabel(r),
        seed: r.seed,
        step: p.step,
        elbo: p.elbo,
      })),
  );
}

/** Small multiples, one panel per model (in the records' order), one line per point. */
export function heldOutCurvesSpec(records: readonly PointRecord[], title: string): TopLevelSpec {
  const values = heldOutCurveValues(records);
  const models = [...new Set(values.map((v) => v.model))];
  const cells = [
    ...new Map(
      [...records]
        .filter((r) => (r.heldOutCurve ?? []).length > 0)
        .sort(compareCells)
        .map((r) => [cellLabel(r), true]),
    ).keys(),
  ];
  const x = { field: "step", type: "quantitative" as const, title: "step" };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    ...PLOT_FONT,
    title,
    data: { values },
    facet: { field: "model", type: "nominal", title: null, sort: models },
    columns: 4,
    // Each model's own y range: flattening shows in the tail, which a shared scale would squash.
    resolve: { scale: { y: "independent" } },
    spec: {
      width: 190,
      height: 140,
      mark: { type: "line", point: { size: 12 }, strokeWidth: 1.2, opacity: 0.85 },
      encoding: {
        x,
        y: {
          field: "elbo",
          type: "quantitative",
          title: "held-out ELBO",
          scale: { zero: false },
        },
        color: { field: "cell", type: "nominal", title: null, sort: cells },
        detail: { field: "seed", type: "nominal" },
      },
    },
  } as TopLevelSpec;
}
