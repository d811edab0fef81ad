/*
 * The attack's lambda grid: {0} and 2^c for `count` values of c evenly spaced in [lo, hi] (the
 * paper: 50 values in [-20, 20]). The compiler evaluates the same grid into IR.attack.lambdas;
 * this is the runtime's copy for grids given on the command line.
 */

export interface LambdaGridOptions {
  lo: number;
  hi: number;
  count: number;
}

export const DEFAULT_LAMBDA_GRID: LambdaGridOptions = { lo: -20, hi: 20, count: 50 };

/** [0, 2^c_1, ..., 2^c_count], ascending; a single c is lo. */
export function lambdaGrid(options: Partial<LambdaGridOptions> = {}): number[] {
  const { lo, hi, count } = { ...DEFAULT_LAMBDA_GRID, ...options };
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`lambda grid needs a positive integer count, got ${count}`);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
    throw new Error(`lambda grid needs finite lo <= hi, got [${lo}, ${hi}]`);
  }
  const grid = [0];
  for (let j = 0; j < count; j++) {
    const c = count === 1 ? lo : lo + ((hi - lo) * j) / (count - 1);
    grid.push(2 ** c);
  }
  return grid;
}
