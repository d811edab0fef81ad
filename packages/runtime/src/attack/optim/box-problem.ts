/*
 * What the box-constrained optimisers share. Each problem's solver is a generator that yields the
 * point where it needs f and grad and receives them back, so many independent problems (every
 * (pair, lambda) of an attack) can advance in lockstep: the driver gathers the pending points of
 * all problems still running, evaluates them in ONE call (one batched tensor evaluation), and
 * hands each its own values. A problem never sees the others, so batched and one-at-a-time runs
 * do exactly the same arithmetic.
 *
 * Neither side allocates per evaluation: a yielded point and a received gradient are only valid
 * until the solver is resumed (the driver copies the point before that; the solver copies the
 * gradient if it keeps it).
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

const interleaved = new WeakMap<Float64Array, { upper: Float64Array; bounds: Float64Array }>();

/**
 * [l_0, u_0, l_1, u_1, ...] for a problem's bounds, built once per (lower, upper) pair (problems
 * sharing their bound arrays share it; bounds never change). Picking a bound by index,
 * bounds[2 i + (g_i < 0 ? 1 : 0)], is a load instead of a branch on a sign that is a coin flip
 * per coordinate, which the CPU mispredicts half the time.
 */
export function interleavedBounds(lower: Float64Array, upper: Float64Array): Float64Array {
  const cached = interleaved.get(lower);
  if (cached && cached.upper === upper) return cached.bounds;
  const bounds = new Float64Array(2 * lower.length);
  for (let i = 0; i < lower.length; i++) {
    bounds[2 * i] = lower[i];
    bounds[2 * i + 1] = upper[i];
  }
  interleaved.set(lower, { upper, bounds });
  return bounds;
}

export function projectInto(
  x: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  out: Float64Array = new Float64Array(x.length),
): Float64Array {
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
    // Branch-free (the sign of g_i is a coin flip): for g_i < 0 the projected entry is
    // max(x - u, g) and min(x - l, g) = g is the larger in magnitude, for g_i >= 0 the other way
    // round, so the smaller magnitude is the one wanted.
    const gi = g[i];
    const up = Math.abs(Math.max(x[i] - upper[i], gi));
    const down = Math.abs(Math.min(x[i] - lower[i], gi));
    norm = Math.max(norm, Math.min(up, down));
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
