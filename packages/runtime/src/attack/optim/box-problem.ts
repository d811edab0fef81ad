/*
 * What the box-constrained optimisers share. Each problem's solver is a generator that yields the
 * point where it needs f and grad and receives them back, so many independent problems (every
 * (pair, lambda) of an attack) can advance in lockstep: the driver gathers the pending points of
 * all problems still running, evaluates them in ONE call (one batched tensor evaluation), and
 * hands each its own values. A problem never sees the others, so batched and one-at-a-time runs
 * do exactly the same arithmetic.
 */

export interface BoxProblem {
  x0: Float64Array;
  /** Lower bounds; -Infinity for none. */
  lower: Float64Array;
  /** Upper bounds; Infinity for none. */
  upper: Float64Array;
}

export interface Evaluation {
  f: number;
  g: Float64Array;
}

export type BoxStatus =
  | "converged-pgtol"
  | "converged-ftol"
  | "max-iterations"
  | "max-evaluations"
  | "line-search-failed"
  | "non-finite";

export interface BoxResult {
  /** The best point found (for L-BFGS-B the last accepted iterate, which is the best). */
  x: Float64Array;
  f: number;
  g: Float64Array;
  iterations: number;
  evaluations: number;
  status: BoxStatus;
  /** Infinity norm of the projected gradient at x. */
  projectedGradientNorm: number;
  message: string;
}

/** One problem's solver: yields evaluation points, receives f and grad, returns its result. */
export type ProblemRun = Generator<Float64Array, BoxResult, Evaluation>;

/**
 * Evaluates f and grad at `ids.length` points packed row-major in `points` (row r is problem
 * ids[r]); returns f (one per row) and grad (packed the same way as `points`).
 */
export type BatchObjective = (
  points: Float64Array,
  ids: readonly number[],
) => BatchValues | Promise<BatchValues>;

export interface BatchValues {
  f: ArrayLike<number>;
  grad: ArrayLike<number>;
}

export function projectInto(
  x: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
  return out;
}

/** Infinity norm of the projected gradient P(x - g) - x (L-BFGS-B's projgr). */
export function projectedGradientNorm(
  x: Float64Array,
  g: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
): number {
  let norm = 0;
  for (let i = 0; i < x.length; i++) {
    let gi = g[i];
    if (gi < 0) gi = Math.max(x[i] - upper[i], gi);
    else gi = Math.min(x[i] - lower[i], gi);
    norm = Math.max(norm, Math.abs(gi));
  }
  return norm;
}

export function isFiniteEvaluation(e: Evaluation): boolean {
  if (!Number.isFinite(e.f)) return false;
  for (let i = 0; i < e.g.length; i++) if (!Number.isFinite(e.g[i])) return false;
  return true;
}

export function checkProblem(problem: BoxProblem): void {
  const n = problem.x0.length;
  if (problem.lower.length !== n || problem.upper.length !== n) {
    throw new Error(
      `bounds have lengths ${problem.lower.length} and ${problem.upper.length}, expected ${n}`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (!(problem.lower[i] <= problem.upper[i])) {
      throw new Error(
        `lower bound ${problem.lower[i]} exceeds upper bound ${problem.upper[i]} at ${i}`,
      );
    }
  }
}
