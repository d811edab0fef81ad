import type { DataVariable, Diagnostic } from "@vaec/compiler";
import { nonFinite, notBinary, outOfRange, type DataSite } from "./data-diagnostics.js";

/*
 * The checks every source passes before training sees it: the examples' shape fits the spec,
 * and every value is finite, inside the declared range, and 0 or 1 when the data is `binary`.
 */

/**
 * Whether examples of shape `found` fit a spec of shape `declared`: equal once sizes of 1 are
 * dropped ([1, 28, 28] fits [28, 28]), or the spec is the flattened vector ([784] fits [28, 28]).
 */
export function shapeFits(found: readonly number[], declared: readonly number[]): boolean {
  const squeeze = (s: readonly number[]) => s.filter((d) => d !== 1);
  const [a, b] = [squeeze(found), squeeze(declared)];
  if (a.length === b.length && a.every((d, i) => d === b[i])) return true;
  const size = (s: readonly number[]) => s.reduce((x, y) => x * y, 1);
  return b.length === 1 && size(found) === size(declared);
}

export interface ValueStats {
  min: number;
  max: number;
  nonFinite: number;
  nonBinary: number;
  /** One value that is neither 0 nor 1, for the message. */
  nonBinaryExample: number;
}

/** One pass over the values (after `transform`, when given). */
export function scanValues(
  values: ArrayLike<number>,
  transform?: (v: number) => number,
): ValueStats {
  const stats: ValueStats = {
    min: Infinity,
    max: -Infinity,
    nonFinite: 0,
    nonBinary: 0,
    nonBinaryExample: NaN,
  };
  for (let i = 0; i < values.length; i++) {
    const v = transform ? transform(values[i]) : values[i];
    if (!Number.isFinite(v)) {
      stats.nonFinite++;
      continue;
    }
    if (v < stats.min) stats.min = v;
    if (v > stats.max) stats.max = v;
    if (v !== 0 && v !== 1) {
      if (stats.nonBinary === 0) stats.nonBinaryExample = v;
      stats.nonBinary++;
    }
  }
  return stats;
}

/** The diagnostics for values with these statistics under the spec's `data` declaration. */
export function checkValues(
  stats: ValueStats,
  data: DataVariable,
  site: DataSite,
  what: string,
): Diagnostic[] {
  if (stats.nonFinite > 0) return [nonFinite(site, what, stats.nonFinite)];
  if (stats.min > stats.max) return []; // no values at all
  const [lo, hi] = data.range;
  if (stats.min < lo || stats.max > hi)
    return [outOfRange(site, what, stats.min, stats.max, data.range)];
  if (data.kind === "binary" && stats.nonBinary > 0)
    return [notBinary(site, what, stats.nonBinaryExample, stats.nonBinary)];
  return [];
}
