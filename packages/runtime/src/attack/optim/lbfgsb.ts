import {
  checkProblem,
  isFiniteEvaluation,
  projectInto,
  projectedGradientNorm,
  type BatchObjective,
  type BoxProblem,
  type BoxResult,
  type BoxStatus,
  type Evaluation,
  type ProblemRun,
} from "./box-problem.js";
import { cauchyPoint } from "./cauchy-point.js";
import { dot } from "./dense.js";
import { LimitedMemory } from "./limited-memory.js";
import { MoreThuente } from "./line-search.js";
import { runBatch, withStepProgress, type BatchProgress, type StepCounter } from "./run-batch.js";
import { subspaceMinimum } from "./subspace-min.js";

/*
 * L-BFGS-B (Byrd, Lu, Nocedal and Zhu 1995; with the subspace projection of L-BFGS-B 3.0, Morales
 * and Nocedal 2011). Each iteration: the generalized Cauchy point along the projected gradient
 * path, subspace minimisation over the variables it leaves free, then a More-Thuente line search
 * from x towards that point, never past the largest feasible step. Stops on a small projected
 * gradient or a small relative decrease of f, as the reference code does.
 */

export interface LbfgsbOptions {
  /** Correction pairs kept (m). */
  memory: number;
  maxIterations: number;
  maxEvaluations: number;
  /** Stop when the projected gradient's infinity norm is at most this. */
  pgtol: number;
  /** Stop when (f_old - f) / max(|f_old|, |f|, 1) <= ftol (scipy's factr = ftol / machine eps). */
  ftol: number;
  /** Function evaluations allowed per line search. */
  maxLineSearch: number;
}

export const DEFAULT_LBFGSB: LbfgsbOptions = {
  memory: 10,
  maxIterations: 200,
  maxEvaluations: 15000,
  pgtol: 1e-5,
  ftol: 1e7 * 2.220446049250313e-16,
  maxLineSearch: 20,
};

const MACHINE_EPS = 2.220446049250313e-16;
const BIG_STEP = 1e10;

/** One problem's L-BFGS-B as a generator (see box-problem.ts for the protocol). */
export function* lbfgsbRun(
  problem: BoxProblem,
  options: Partial<LbfgsbOptions> = {},
  counter?: StepCounter,
): ProblemRun {
  const o = { ...DEFAULT_LBFGSB, ...options };
  checkProblem(problem);
  const { lower, upper } = problem;
  const n = problem.x0.length;
  let x = projectInto(problem.x0, lower, upper);
  let { f, g } = yield x;
  let evaluations = 1;
  let iterations = 0;
  const finish = (status: BoxStatus, message = ""): BoxResult => {
    if (counter) counter.finished = true;
    return result(status, message);
  };
  const result = (status: BoxStatus, message: string): BoxResult => ({
    x,
    f,
    g,
    iterations,
    evaluations,
    status,
    message,
    projectedGradientNorm: projectedGradientNorm(x, g, lower, upper),
  });
  if (!isFiniteEvaluation({ f, g }))
    return finish("non-finite", "non-finite objective at the start");
  if (projectedGradientNorm(x, g, lower, upper) <= o.pgtol) return finish("converged-pgtol");

  let constrained = false;
  let boxed = true;
  for (let i = 0; i < n; i++) {
    const lo = lower[i] > -Infinity;
    const hi = upper[i] < Infinity;
    if (lo || hi) constrained = true;
    if (!(lo && hi)) boxed = false;
  }
  const memory = new LimitedMemory(n, o.memory);

  for (;;) {
    if (iterations >= o.maxIterations) return finish("max-iterations");
    const cauchy = cauchyPoint(x, g, lower, upper, memory);
    // With no curvature pairs yet, L-BFGS-B searches towards the Cauchy point itself.
    const target =
      memory.count > 0 ? subspaceMinimum(x, g, lower, upper, cauchy, memory) : cauchy.point;
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = target[i] - x[i];
    const dNorm = Math.sqrt(dot(d, d));
    const gd = dot(g, d);
    if (dNorm === 0 || !(gd < 0)) {
      // No descent direction from the model (rounding, or stale curvature): drop the memory once.
      if (memory.count > 0) {
        memory.reset();
        continue;
      }
      return finish("line-search-failed", "the search direction is not a descent direction");
    }

    let stpmax = BIG_STEP;
    if (constrained) {
      stpmax = iterations === 0 ? 1 : maxFeasibleStep(x, d, lower, upper);
    }
    const first = iterations === 0 && !boxed ? Math.min(1 / dNorm, stpmax) : 1;
    const search = new MoreThuente({ ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax });
    let state = search.start(f, gd, first);
    let accepted: { x: Float64Array; e: Evaluation } | null = null;
    for (let trial = 0; trial < o.maxLineSearch && state === "evaluate"; trial++) {
      if (evaluations >= o.maxEvaluations) return finish("max-evaluations");
      const stp = search.stp;
      const xt = stp === 1 ? Float64Array.from(target) : stepAlong(x, d, stp, lower, upper);
      const e = yield xt;
      evaluations++;
      if (!isFiniteEvaluation(e)) {
        state = search.retreat();
        continue;
      }
      state = search.next(e.f, dot(e.g, d));
      if (state !== "evaluate") accepted = { x: xt, e };
    }
    // A warning still ends on an evaluated point, as in L-BFGS-B, but one without any decrease
    // counts as a failure: in float32 objectives a poor quasi-Newton direction otherwise ends the
    // run through the ftol test, where a restart from steepest descent still makes progress.
    if (!accepted || !(accepted.e.f < f)) {
      if (memory.count > 0) {
        memory.reset();
        continue;
      }
      if (accepted && accepted.e.f === f) {
        // Even steepest descent cannot change f: the relative reduction is 0, L-BFGS-B's ftol stop.
        return finish("converged-ftol", "no change in f along the projected steepest descent");
      }
      return finish(
        "line-search-failed",
        search.message || "no acceptable step within the evaluation limit",
      );
    }

    iterations++;
    if (counter) counter.steps = iterations;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = accepted.x[i] - x[i];
      y[i] = accepted.e.g[i] - g[i];
    }
    const gsOld = dot(g, s);
    const fOld = f;
    x = accepted.x;
    f = accepted.e.f;
    g = accepted.e.g;
    if (projectedGradientNorm(x, g, lower, upper) <= o.pgtol) return finish("converged-pgtol");
    if (fOld - f <= o.ftol * Math.max(Math.abs(fOld), Math.abs(f), 1))
      return finish("converged-ftol");
    // Skip pairs without enough positive curvature (keeps B positive definite), as L-BFGS-B does.
    if (dot(s, y) > MACHINE_EPS * -gsOld) memory.push(s, y);
    if (evaluations >= o.maxEvaluations) return finish("max-evaluations");
  }
}

function maxFeasibleStep(
  x: Float64Array,
  d: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
): number {
  let step = BIG_STEP;
  for (let i = 0; i < x.length; i++) {
    if (d[i] < 0 && lower[i] > -Infinity)
      step = Math.min(step, Math.max(0, (lower[i] - x[i]) / d[i]));
    else if (d[i] > 0 && upper[i] < Infinity)
      step = Math.min(step, Math.max(0, (upper[i] - x[i]) / d[i]));
  }
  return step;
}

function stepAlong(
  x: Float64Array,
  d: Float64Array,
  stp: number,
  lower: Float64Array,
  upper: Float64Array,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++)
    out[i] = Math.min(upper[i], Math.max(lower[i], x[i] + stp * d[i]));
  return out;
}

/** Minimises many independent box-constrained problems of one dimension, one batched call a round. */
export function lbfgsbBatch(
  problems: BoxProblem[],
  evaluate: BatchObjective,
  options: Partial<LbfgsbOptions> = {},
  onRound?: (progress: BatchProgress) => void,
): Promise<BoxResult[]> {
  const n = problems.length > 0 ? problems[0].x0.length : 0;
  for (const p of problems) {
    if (p.x0.length !== n)
      throw new Error(`problems of dimension ${p.x0.length} and ${n} in one batch`);
  }
  const counters = problems.map((): StepCounter => ({ steps: 0, finished: false }));
  const budget = options.maxIterations ?? DEFAULT_LBFGSB.maxIterations;
  return runBatch(
    problems.map((p, i) => lbfgsbRun(p, options, counters[i])),
    n,
    evaluate,
    withStepProgress(counters, budget, onRound),
  );
}
