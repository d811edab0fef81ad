import type { PointRecord } from "./point-record.js";
import type { Estimate } from "./statistics.js";
import type { Cell, Comparison } from "./study-table.js";
import { modelRoles, type ModelRoles, type RoleNames } from "./model-roles.js";

/*
 * What the results tables of one data set are built from: its records, the study's cells and
 * paired comparisons (computed once for the whole study, exactly as cells.csv and paired.csv
 * hold them), the swept axis the columns run over (beta), the table rows (a spec, and the values
 * of any other axis), and which rows play which part in the paper's claims.
 */

const SEED_AXIS = "train.seed";

export type AxisValue = number | string;

/** A table row: one spec at one value of every axis but the swept one and the seed. */
export interface Variant {
  spec: string;
  model: string;
  /** Axis values other than the swept axis and the seed. */
  others: Record<string, AxisValue>;
  label: string;
}

export interface ResultsContext {
  data: string;
  records: PointRecord[];
  cells: Cell[];
  comparisons: Comparison[];
  /** The swept axis (`beta`) and its values, sorted. */
  axis: string;
  values: AxisValue[];
  variants: Variant[];
  roles: ModelRoles;
  /** Attack kinds, in the records' order. */
  kinds: string[];
  /** Base seed of the bootstrap streams (1: as the study report's). */
  seed: number;
}

/** Axis values in a stable key (sorted by name). */
export const axesKey = (axes: Record<string, AxisValue>): string =>
  JSON.stringify(Object.entries(axes).sort(([x], [y]) => x.localeCompare(y)));

/** A record's axis values but the swept one and the seed. */
const otherAxes = (r: PointRecord, axis: string): Record<string, AxisValue> =>
  Object.fromEntries(Object.entries(r.axes).filter(([k]) => k !== SEED_AXIS && k !== axis));

const compareValues = (a: AxisValue, b: AxisValue) =>
  typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));

/** The swept axis: `beta` where the records have it, else the first axis with several values. */
export function sweptAxis(records: readonly PointRecord[], preferred = "beta"): string | undefined {
  const axes = [...new Set(records.flatMap((r) => Object.keys(r.axes)))].filter(
    (a) => a !== SEED_AXIS,
  );
  if (axes.includes(preferred)) return preferred;
  return axes.find((a) => new Set(records.map((r) => r.axes[a])).size > 1) ?? axes[0];
}

export function resultsContext(
  study: { records: PointRecord[]; cells: Cell[]; comparisons: Comparison[] },
  data: string,
  options: { axis?: string; roles?: RoleNames; seed?: number } = {},
): ResultsContext {
  const records = study.records.filter((r) => r.data === data);
  const axis = options.axis ?? sweptAxis(study.records) ?? "";
  // Without a swept axis (a study of one setting) the tables have one column.
  const values = axis
    ? [...new Set(records.map((r) => r.axes[axis]).filter((v) => v !== undefined))]
    : [""];
  const variants = new Map<string, Variant>();
  for (const r of records) {
    const o = otherAxes(r, axis);
    const key = `${r.spec}\u0000${axesKey(o)}`;
    if (!variants.has(key))
      variants.set(key, { spec: r.spec, model: r.model, others: o, label: "" });
  }
  const list = [...variants.values()];
  for (const v of list) {
    // Two specs of one model name on the same data are told apart by their file.
    const twin = list.some((w) => w.model === v.model && w.spec !== v.spec);
    const extra = [
      ...(twin ? [v.spec.split(/[\\/]/).at(-1)!] : []),
      ...Object.entries(v.others).map(([k, x]) => `${k} = ${x}`),
    ];
    v.label = extra.length > 0 ? `${v.model} (${extra.join(", ")})` : v.model;
  }
  const roles = modelRoles(records, options.roles);
  // Rows in the claims' order: the baseline, the Seatbelts shallowest first, the beta-TCDLGM.
  const ranked = [roles.baseline?.spec, ...roles.seatbelt.map((m) => m.spec), roles.tcdlgm?.spec];
  const rank = (v: Variant) => {
    const i = ranked.indexOf(v.spec);
    return i < 0 ? ranked.length : i;
  };
  return {
    data,
    records,
    cells: study.cells.filter((c) => c.data === data),
    comparisons: study.comparisons.filter((c) => c.data === data),
    axis,
    values: values.sort(compareValues),
    variants: list.sort((a, b) => rank(a) - rank(b)),
    roles,
    kinds: [...new Set(records.flatMap((r) => r.attacks.map((a) => a.kind)))],
    seed: options.seed ?? 1,
  };
}

/** The axis values of a cell: a variant's others and the swept axis's value. */
export const cellAxes = (
  ctx: ResultsContext,
  others: Record<string, AxisValue>,
  value: AxisValue,
): Record<string, AxisValue> => (ctx.axis ? { ...others, [ctx.axis]: value } : others);

/** The cell of a variant at one value of the swept axis. */
export function cellOf(
  ctx: ResultsContext,
  variant: Variant,
  value: AxisValue,
  attack: string | null,
  metric: string,
): Cell | undefined {
  const key = axesKey(cellAxes(ctx, variant.others, value));
  return ctx.cells.find(
    (c) =>
      c.spec === variant.spec &&
      c.attack === attack &&
      c.metric === metric &&
      axesKey(c.axes) === key,
  );
}

/** The records of a variant at one value of the swept axis (one per seed). */
export function recordsOf(ctx: ResultsContext, variant: Variant, value: AxisValue): PointRecord[] {
  const key = axesKey(variant.others);
  return ctx.records.filter(
    (r) =>
      r.spec === variant.spec &&
      (ctx.axis === "" || r.axes[ctx.axis] === value) &&
      axesKey(otherAxes(r, ctx.axis)) === key,
  );
}

/** The variants of a spec (one, unless another axis than the swept one varies). */
export const variantsOf = (ctx: ResultsContext, spec: string | undefined): Variant[] =>
  ctx.variants.filter((v) => v.spec === spec);

/** A number at a precision that suits its size. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a < 0.01) return v.toPrecision(2);
  return v.toFixed(a >= 100 ? 1 : a >= 1 ? 2 : 3);
}

/** `mean [lo, hi]`: the estimate with its 95% interval. */
export const withCi = (e: Pick<Estimate, "mean" | "lo" | "hi">): string =>
  Number.isFinite(e.mean) ? `${num(e.mean)} [${num(e.lo)}, ${num(e.hi)}]` : "";

/** How the swept axis is written (`β` for beta). */
export const axisSymbol = (axis: string): string => (axis === "beta" ? "β" : axis);

/** How a column of the swept axis is headed (`β = 2`). */
export const axisHeading = (axis: string, value: AxisValue): string =>
  axis ? `${axisSymbol(axis)} = ${value}` : "all points";
