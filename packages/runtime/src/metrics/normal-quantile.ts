import * as vega from "vega";

/*
 * Phi^-1, the standard normal quantile, from vega-statistics' `quantileNormal` (Wichura's AS241,
 * double precision). vega, already a dependency for the plots, re-exports vega-statistics at run
 * time, but its type declarations leave those functions out: hence the typed view below.
 */
const statistics = vega as unknown as { quantileNormal(p: number): number };

/** Phi^-1(p) for p in (0, 1). */
export function normalQuantile(p: number): number {
  return statistics.quantileNormal(p);
}
