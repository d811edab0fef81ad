import type { CauchyPoint } from "./cauchy-point.js";
import { luFactor, luSolve } from "./dense.js";
import type { LimitedMemory } from "./limited-memory.js";
import { JS_HEAP, type SolverHeap } from "./solver-heap.js";

/*
 * Subspace minimisation (Byrd, Lu, Nocedal and Zhu 1995, section 5.1, the direct primal method):
 * with the variables at bounds at the Cauchy point held fixed, minimise the quadratic model over
 * the free ones, starting from the Cauchy point. The reduced Hessian theta I - A M A^T
 * (A = Z^T W, the rows of W for the free variables) is inverted by Sherman-Morrison-Woodbury:
 *
 *   du = -r / theta - A (K - A^T A / theta)^{-1} A^T r / theta^2,   K = M^{-1},
 *
 * r the model's reduced gradient at the Cauchy point. K - A^T A / theta comes from the memory's
 * incrementally kept free-set sums (formk), so a step costs two passes over the free rows of W.
 * Then, as in L-BFGS-B 3.0 (Morales and Nocedal 2011), the unconstrained subspace step is projected
 * onto the box; if that projection is not a descent direction from x, fall back to the original
 * truncation of the step to the box.
 */

/**
 * Scratch for `subspaceMinimum`: shared by problems solved in lockstep, like CauchyWorkspace. On
 * a WebAssembly heap the passes over the free rows run as its `subspace_step` kernel.
 */
export class SubspaceWorkspace {
  readonly du: Float64Array;
  readonly mc: Float64Array;
  readonly aTr: Float64Array;
  readonly w: Float64Array;
  readonly gram: Float64Array;
  readonly columns: Float64Array[];
  readonly factors: Float64Array;
  readonly system: Float64Array;
  readonly pivots: Int32Array;

  constructor(
    readonly n: number,
    readonly m: number,
    readonly solverHeap: SolverHeap = JS_HEAP,
  ) {
    const h = solverHeap;
    this.du = h.f64(n);
    this.mc = h.f64(2 * m);
    this.aTr = h.f64(2 * m);
    this.w = h.f64(2 * m);
    this.gram = h.f64(4 * m * m);
    this.columns = new Array<Float64Array>(2 * m);
    this.factors = h.f64(2 * m);
    this.system = h.f64(4 * m * m);
    this.pivots = h.i32(2 * m);
  }
}

/** Writes the subspace minimiser into `out` (length n) and returns it. */
export function subspaceMinimum(
  x: Float64Array,
  g: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  cauchy: CauchyPoint,
  memory: LimitedMemory,
  out: Float64Array = new Float64Array(x.length),
  work: SubspaceWorkspace = new SubspaceWorkspace(x.length, memory.m),
): Float64Array {
  const { point, c, free, isFree } = cauchy;
  const n = x.length;
  const nFree = free.length;
  out.set(point);
  memory.syncFree(isFree);
  if (nFree === 0) return out;
  const order = memory.order;
  const k = memory.count;
  const theta = memory.theta;
  const { sColumn, yColumn, middle } = memory;
  const { du, mc, aTr, w, gram } = work;

  // With v = g + theta (point - x) on the free rows and r = v - A M c the model's reduced
  // gradient at the Cauchy point:
  //   A^T r = A^T v - (A^T A) M c,  A^T v = (theta t - 1) p (see CauchyPoint.p),
  //   du = -r / theta - A u / theta^2 = -v / theta + A (M c / theta - u / theta^2),
  // u = (K - A^T A / theta)^{-1} A^T r. So the step costs one pass over the free rows of W.
  for (let a = 0; a < order; a++) {
    let sum = 0;
    for (let b = 0; b < order; b++) sum += middle[a * order + b] * c[b];
    mc[a] = sum;
  }
  memory.freeGram(gram);
  const scale = theta * cauchy.t - 1;
  for (let a = 0; a < order; a++) {
    let sum = 0;
    for (let b = 0; b < order; b++) sum += gram[a * order + b] * mc[b];
    aTr[a] = scale * cauchy.p[a] - sum;
  }
  const system = memory.reducedSystem(work.system);
  const solved = luFactor(system, order, work.pivots);
  if (solved) luSolve(system, order, work.pivots, aTr);
  // A singular system leaves du = -r / theta: a steepest-descent step in the free subspace.
  const theta2 = theta * theta;
  for (let a = 0; a < order; a++) w[a] = mc[a] / theta - (solved ? aTr[a] / theta2 : 0);
  const kernels = work.solverHeap.kernels;
  if (
    kernels &&
    k <= kernels.maxMemory &&
    kernels.owns(x, g, lower, upper, point, free, memory.sBuffer, memory.yBuffer, w, du, out)
  ) {
    const { sBuffer, yBuffer } = memory;
    kernels.subspaceStep({
      x,
      g,
      lower,
      upper,
      point,
      free,
      theta,
      sBuffer,
      yBuffer,
      k,
      w,
      du,
      out,
      factors: work.factors,
    });
    return out;
  }
  for (let t = 0; t < nFree; t++) {
    const i = free[t];
    du[t] = -(g[i] + theta * (point[i] - x[i])) / theta;
  }
  // du += W_F w: the columns y_0 .. y_{k-1}, theta s_0 .. theta s_{k-1} in that order, up to
  // four per pass over du (each entry still adds them one after another, in the same order).
  const { columns, factors } = work;
  for (let j = 0; j < k; j++) {
    columns[j] = yColumn[j];
    factors[j] = w[j];
    columns[k + j] = sColumn[j];
    factors[k + j] = theta * w[k + j];
  }
  let j = 0;
  for (; j + 4 <= order; j += 4) {
    addColumns4(
      du,
      columns[j],
      columns[j + 1],
      columns[j + 2],
      columns[j + 3],
      factors,
      j,
      free,
      nFree,
    );
  }
  for (; j < order; j++) addColumn(du, columns[j], factors[j], free, nFree);

  // L-BFGS-B 3.0: project the full step, keep it if it still points downhill from x.
  for (let t = 0; t < nFree; t++) {
    const i = free[t];
    out[i] = Math.min(upper[i], Math.max(lower[i], point[i] + du[t]));
  }
  let directional = 0;
  for (let i = 0; i < n; i++) directional += (out[i] - x[i]) * g[i];
  if (directional <= 0) return out;

  // Original 1995 rule: the largest alpha <= 1 keeping point + alpha du inside the box.
  out.set(point);
  let alpha = 1;
  let hit = -1;
  for (let t = 0; t < nFree; t++) {
    const i = free[t];
    const step = du[t];
    let limit = Infinity;
    if (step < 0 && lower[i] > -Infinity) limit = Math.max(0, (lower[i] - point[i]) / step);
    else if (step > 0 && upper[i] < Infinity) limit = Math.max(0, (upper[i] - point[i]) / step);
    if (limit < alpha) {
      alpha = limit;
      hit = t;
    }
  }
  for (let t = 0; t < nFree; t++) out[free[t]] = point[free[t]] + alpha * du[t];
  if (hit >= 0) {
    const i = free[hit];
    out[i] = du[hit] > 0 ? upper[i] : lower[i];
  }
  return out;
}

/** v[t] += column[free[t]] * factor for the free rows. */
function addColumn(
  v: Float64Array,
  column: Float64Array,
  factor: number,
  free: Int32Array,
  count: number,
): void {
  for (let t = 0; t < count; t++) v[t] += column[free[t]] * factor;
}

/** addColumn for four columns in one pass, adding them to each entry in order. */
function addColumns4(
  v: Float64Array,
  c0: Float64Array,
  c1: Float64Array,
  c2: Float64Array,
  c3: Float64Array,
  factors: Float64Array,
  at: number,
  free: Int32Array,
  count: number,
): void {
  const f0 = factors[at];
  const f1 = factors[at + 1];
  const f2 = factors[at + 2];
  const f3 = factors[at + 3];
  for (let t = 0; t < count; t++) {
    const i = free[t];
    v[t] = v[t] + c0[i] * f0 + c1[i] * f1 + c2[i] * f2 + c3[i] * f3;
  }
}
