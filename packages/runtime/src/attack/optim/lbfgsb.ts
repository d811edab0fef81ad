import {
  checkProblem,
  projectInto,
  projectedGradientNorm,
  type BatchObjective,
  type BoxProblem,
  type BoxResult,
  type BoxStatus,
  type ProblemRun,
} from "./box-problem.js";
import { CauchyWorkspace, cauchyPoint } from "./cauchy-point.js";
import { LimitedMemory } from "./limited-memory.js";
import { MoreThuente } from "./line-search.js";
import { runBatch, withStepProgress, type BatchProgress, type StepCounter } from "./run-batch.js";
import { JS_HEAP, heapBytes, type SolverHeap } from "./solver-heap.js";
import { SubspaceWorkspace, subspaceMinimum } from "./subspace-min.js";
import { lbfgsbWasm } from "./wasm/lbfgsb-wasm.js";
import {
  acquireWasmHeap,
  createWasmHeap,
  releaseWasmHeap,
  type WasmSolverHeap,
} from "./wasm/wasm-solver-heap.js";

/*
 * L-BFGS-B (Byrd, Lu, Nocedal and Zhu 1995; with the subspace projection of L-BFGS-B 3.0, Morales
 * and Nocedal 2011). Each iteration: the generalized Cauchy point along the projected gradient
 * path, subspace minimisation over the variables it leaves free, then a More-Thuente line search
 * from x towards that point, never past the largest feasible step. Stops on a small projected
 * gradient or a small relative decrease of f, as the reference code does.
 *
 * The loops over n run as WebAssembly (wasm/lbfgsb_*.c) when `solver` is "wasm" (the
 * default unless the `VAEC_WASM_LBFGSB` switch is off): the same arithmetic in the same order, so
 * the same iterates bit for bit, at a fraction of the time. The control flow, the line search and
 * the small dense algebra stay here either way.
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
  /** Where the loops run: "wasm" (when the engine has WebAssembly) or "js"; default: the switch. */
  solver?: "wasm" | "js";
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

/**
 * Scratch L-BFGS-B uses only between two evaluations (Cauchy point, subspace step, the new
 * correction pair): problems of one size solved in lockstep share one, so a batch of hundreds of
 * problems does not hold hundreds of copies.
 */
export class LbfgsbWorkspace {
  readonly cauchy: CauchyWorkspace;
  readonly subspace: SubspaceWorkspace;
  readonly s: Float64Array;
  readonly y: Float64Array;

  /** `heap` holds this scratch and the rows' own arrays (see solver-heap.ts). */
  constructor(
    readonly n: number,
    readonly m: number,
    readonly heap: SolverHeap = JS_HEAP,
  ) {
    this.cauchy = new CauchyWorkspace(n, m, heap);
    this.subspace = new SubspaceWorkspace(n, m, heap);
    this.s = heap.f64(n);
    this.y = heap.f64(n);
  }
}

/** One problem's own arrays: six n-vectors, three sums, and the memory. */
function rowArrays(heap: SolverHeap, n: number, m: number) {
  return {
    x: heap.f64(n),
    xTrial: heap.f64(n),
    g: heap.f64(n),
    gTrial: heap.f64(n),
    d: heap.f64(n),
    target: heap.f64(n),
    sums: heap.f64(3),
    memory: new LimitedMemory(n, m, heap),
  };
}

/**
 * The heap for `rows` problems of dimension n with `boundSets` distinct pairs of bound arrays
 * and memory m: one WebAssembly memory sized for all of them, or the JavaScript heap when
 * `solver` says so or no wasm memory can be had (too large, or no WebAssembly).
 */
function solverHeap(
  solver: "wasm" | "js",
  rows: number,
  boundSets: number,
  n: number,
  m: number,
  pooled: boolean,
): SolverHeap {
  if (solver !== "wasm" || !lbfgsbWasm()) return JS_HEAP;
  const bytes =
    rows * heapBytes((h) => rowArrays(h, n, m)) +
    boundSets * heapBytes((h) => h.bounds(new Float64Array(n), new Float64Array(n))) +
    heapBytes((h) => new LbfgsbWorkspace(n, m, h));
  return (pooled ? acquireWasmHeap(bytes) : createWasmHeap(bytes)) ?? JS_HEAP;
}

/** Distinct (lower, upper) pairs of arrays: the heap copies each once (an attack's rows share
 * them per source). */
function distinctBounds(problems: BoxProblem[]): number {
  const pairs = new Map<Float64Array, Set<Float64Array>>();
  for (const p of problems) {
    const uppers = pairs.get(p.lower) ?? new Set<Float64Array>();
    uppers.add(p.upper);
    pairs.set(p.lower, uppers);
  }
  let count = 0;
  for (const uppers of pairs.values()) count += uppers.size;
  return count;
}

function defaultSolver(): "wasm" | "js" {
  return lbfgsbWasm() ? "wasm" : "js";
}

/**
 * One problem's L-BFGS-B as a generator (see box-problem.ts for the protocol). Its own state is
 * a handful of n-vectors and the memory's 2 m n; nothing of size n is allocated per iteration.
 */
export function* lbfgsbRun(
  problem: BoxProblem,
  options: Partial<LbfgsbOptions> = {},
  counter?: StepCounter,
  shared?: LbfgsbWorkspace,
): ProblemRun {
  const o = { ...DEFAULT_LBFGSB, ...options };
  checkProblem(problem);
  const n = problem.x0.length;
  const work =
    shared && shared.n === n && shared.m === o.memory
      ? shared
      : new LbfgsbWorkspace(
          n,
          o.memory,
          solverHeap(o.solver ?? defaultSolver(), 1, 1, n, o.memory, false),
        );
  const heap = work.heap;
  const kernels = heap.kernels;
  const box = heap.bounds(problem.lower, problem.upper);
  const { lower, upper } = box;
  const bounds = box.interleaved;
  const row = rowArrays(heap, n, o.memory);
  const { d, target, sums, memory } = row;
  let { x, xTrial, g, gTrial } = row;
  projectInto(problem.x0, lower, upper, x);
  const first = yield x;
  let f = first.f;
  const firstFinite = copyFinite(first.g, g, n);
  let evaluations = 1;
  let iterations = 0;
  const finish = (status: BoxStatus, message = ""): BoxResult => {
    if (counter) counter.finished = true;
    return {
      // Copies out of a wasm heap, which the next batch reuses.
      x: kernels ? x.slice() : x,
      f,
      g: kernels ? g.slice() : g,
      iterations,
      evaluations,
      status,
      message,
      projectedGradientNorm: projectedGradientNorm(x, g, lower, upper),
    };
  };
  if (!Number.isFinite(f) || !firstFinite)
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
  for (;;) {
    if (iterations >= o.maxIterations) return finish("max-iterations");
    const cauchy = cauchyPoint(x, g, lower, upper, memory, work.cauchy, bounds);
    // With no curvature pairs yet, L-BFGS-B searches towards the Cauchy point itself.
    if (memory.count > 0)
      subspaceMinimum(x, g, lower, upper, cauchy, memory, target, work.subspace);
    else target.set(cauchy.point);
    // d, |d|^2, g^T d and the largest feasible step along d, in one pass.
    if (kernels) kernels.searchDirection(target, x, g, d, bounds, sums);
    else searchDirection(target, x, g, d, bounds, sums);
    const dNorm = Math.sqrt(sums[0]);
    const gd = sums[1];
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
      stpmax = iterations === 0 ? 1 : sums[2];
    }
    const firstStep = iterations === 0 && !boxed ? Math.min(1 / dNorm, stpmax) : 1;
    const search = new MoreThuente({ ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax });
    let state = search.start(f, gd, firstStep);
    let acceptedF = NaN;
    let accepted = false;
    for (let trial = 0; trial < o.maxLineSearch && state === "evaluate"; trial++) {
      if (evaluations >= o.maxEvaluations) return finish("max-evaluations");
      const stp = search.stp;
      if (stp === 1) xTrial.set(target);
      else if (kernels) kernels.stepAlong(x, d, stp, lower, upper, xTrial);
      else stepAlong(x, d, stp, lower, upper, xTrial);
      const e = yield xTrial;
      evaluations++;
      // gTrial <- e.g, with g^T d in the same pass (a non-finite entry makes it non-finite too).
      const gTrialD = copyDot(e.g, d, gTrial, n);
      if (!Number.isFinite(e.f) || (!Number.isFinite(gTrialD) && !allFinite(gTrial, n))) {
        state = search.retreat();
        continue;
      }
      state = search.next(e.f, gTrialD);
      if (state !== "evaluate") {
        accepted = true;
        acceptedF = e.f;
      }
    }
    // A warning still ends on an evaluated point, as in L-BFGS-B, but one without any decrease
    // counts as a failure: in float32 objectives a poor quasi-Newton direction otherwise ends the
    // run through the ftol test, where a restart from steepest descent still makes progress.
    if (!accepted || !(acceptedF < f)) {
      if (memory.count > 0) {
        memory.reset();
        continue;
      }
      if (accepted && acceptedF === f) {
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
    const { s, y } = work;
    // s, y, g^T s, s^T y and the new point's projected gradient norm, in one pass.
    if (kernels) kernels.correctionPair(xTrial, x, gTrial, g, s, y, bounds, sums);
    else correctionPair(xTrial, x, gTrial, g, s, y, bounds, sums);
    const gsOld = sums[0];
    const sy = sums[1];
    const newGradientNorm = sums[2];
    const fOld = f;
    const xOld = x;
    x = xTrial;
    xTrial = xOld;
    const gOld = g;
    g = gTrial;
    gTrial = gOld;
    f = acceptedF;
    if (newGradientNorm <= o.pgtol) return finish("converged-pgtol");
    if (fOld - f <= o.ftol * Math.max(Math.abs(fOld), Math.abs(f), 1))
      return finish("converged-ftol");
    // Skip pairs without enough positive curvature (keeps B positive definite), as L-BFGS-B does.
    if (sy > MACHINE_EPS * -gsOld) memory.push(s, y);
    if (evaluations >= o.maxEvaluations) return finish("max-evaluations");
  }
}

/**
 * d = target - x into `d`; out = [d^T d, g^T d, the largest step t <= BIG_STEP with x + t d in
 * the box]. The bound d_i heads for is picked by index from the interleaved bounds (d_i = +0,
 * never -0 as a difference, picks the upper one and gives +Infinity or NaN, which never lower
 * the step; an infinite bound gives +Infinity).
 */
function searchDirection(
  target: Float64Array,
  x: Float64Array,
  g: Float64Array,
  d: Float64Array,
  bounds: Float64Array,
  out: Float64Array,
): void {
  let dd = 0;
  let gd = 0;
  let step = BIG_STEP;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const di = target[i] - xi;
    d[i] = di;
    dd += di * di;
    gd += g[i] * di;
    const r = (bounds[2 * i + +(di >= 0)] - xi) / di;
    if (r < step) step = r > 0 ? r : 0;
  }
  out[0] = dd;
  out[1] = gd;
  out[2] = step;
}

/**
 * s = xNew - xOld, y = gNew - gOld; out = [gOld^T s, s^T y, the projected gradient's infinity
 * norm at xNew (as projectedGradientNorm, with the bound picked by index)].
 */
function correctionPair(
  xNew: Float64Array,
  xOld: Float64Array,
  gNew: Float64Array,
  gOld: Float64Array,
  s: Float64Array,
  y: Float64Array,
  bounds: Float64Array,
  out: Float64Array,
): void {
  let gs = 0;
  let sy = 0;
  let norm = 0;
  for (let i = 0; i < xNew.length; i++) {
    const xi = xNew[i];
    const gi = gNew[i];
    const si = xi - xOld[i];
    const yi = gi - gOld[i];
    s[i] = si;
    y[i] = yi;
    gs += gOld[i] * si;
    sy += si * yi;
    // g_i < 0 moves towards the upper bound: the projected entry is max(x - u, g), else
    // min(x - l, g); either way the smaller of |x - bound| and |g| in magnitude.
    const room = Math.abs(xi - bounds[2 * i + +(gi < 0)]);
    norm = Math.max(norm, Math.min(room, Math.abs(gi)));
  }
  out[0] = gs;
  out[1] = sy;
  out[2] = norm;
}

/** to = from, returning from^T d. */
function copyDot(from: Float64Array, d: Float64Array, to: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = from[i];
    to[i] = v;
    sum += v * d[i];
  }
  return sum;
}

/** Copies `from` into `to` and says whether every entry is finite. */
function copyFinite(from: ArrayLike<number>, to: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) to[i] = from[i];
  return allFinite(to, n);
}

function allFinite(v: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

function stepAlong(
  x: Float64Array,
  d: Float64Array,
  stp: number,
  lower: Float64Array,
  upper: Float64Array,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < x.length; i++)
    out[i] = Math.min(upper[i], Math.max(lower[i], x[i] + stp * d[i]));
  return out;
}

/** Minimises many independent box-constrained problems of one dimension, one batched call a
 * round. */
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
  const m = options.memory ?? DEFAULT_LBFGSB.memory;
  const heap = solverHeap(
    options.solver ?? defaultSolver(),
    problems.length,
    distinctBounds(problems),
    n,
    m,
    true,
  );
  const work = new LbfgsbWorkspace(n, m, heap);
  return runBatch(
    problems.map((p, i) => lbfgsbRun(p, options, counters[i], work)),
    n,
    evaluate,
    withStepProgress(counters, budget, onRound),
  ).finally(() => {
    if (heap.kernels) releaseWasmHeap(heap as WasmSolverHeap);
  });
}
