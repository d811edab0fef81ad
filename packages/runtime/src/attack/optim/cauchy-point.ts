import { interleavedBounds } from "./box-problem.js";
import { BreakpointQueue } from "./breakpoint-queue.js";
import type { LimitedMemory } from "./limited-memory.js";
import { JS_HEAP, type SolverHeap } from "./solver-heap.js";

/*
 * The generalized Cauchy point (Byrd, Lu, Nocedal and Zhu 1995, section 4, algorithm CP): the first
 * local minimiser of the quadratic model m(x) = g^T (x - x0) + 1/2 (x - x0)^T B (x - x0) along the
 * projected steepest-descent path x(t) = P(x0 - t g). The path is piecewise linear with a kink at
 * each breakpoint t_i where coordinate i reaches its bound; on each segment the model is a 1-D
 * quadratic whose slope f' and curvature f'' are updated in O(m^2) per breakpoint through the
 * compact form of B. The breakpoints are taken in order only as far as the minimiser lies
 * (usually a few dozen of thousands), never sorted whole (breakpoint-queue.ts).
 */

export interface CauchyPoint {
  /** The generalized Cauchy point. */
  point: Float64Array;
  /** c = W^T (point - x0) (order 2k), needed by the subspace minimisation. */
  c: Float64Array;
  /**
   * W^T d for the final direction d (-g on the variables still moving, 0 elsewhere) and the
   * path length t: on the free variables point - x0 = t d, which gives the subspace step
   * W_F^T (g + theta (point - x0))_F = (theta t - 1) p without another pass over W.
   */
  p: Float64Array;
  t: number;
  /** Indices of the variables free at the Cauchy point (not held at a bound by the path). */
  free: Int32Array;
  /** 1 where the variable is free, per coordinate (the same set as `free`). */
  isFree: Uint8Array;
}

/**
 * Scratch for `cauchyPoint` (and the subspace step after it), for problems of n variables and
 * memory m. Only used between two evaluations, so problems solved in lockstep can share one. On a
 * WebAssembly heap the whole computation runs as its `cauchy` kernel.
 */
export class CauchyWorkspace {
  readonly point: Float64Array;
  readonly d: Float64Array;
  readonly breakpoint: Float64Array;
  readonly heap: Int32Array;
  readonly isFree: Uint8Array;
  readonly free: Int32Array;
  readonly moving: Int32Array;
  readonly p: Float64Array;
  readonly c: Float64Array;
  readonly wb: Float64Array;
  readonly mWb: Float64Array;
  readonly queue = new BreakpointQueue();
  /** The kernel's breakpoint queue (as `queue`'s own) and its result, the path length. */
  readonly chosen: Int32Array;
  readonly out: Float64Array;

  constructor(
    readonly n: number,
    readonly m: number,
    readonly solverHeap: SolverHeap = JS_HEAP,
  ) {
    const h = solverHeap;
    this.point = h.f64(n);
    this.d = h.f64(n);
    this.breakpoint = h.f64(n);
    this.heap = h.i32(n);
    this.isFree = h.u8(n);
    this.free = h.i32(n);
    this.moving = h.i32(n);
    this.p = h.f64(2 * m);
    this.c = h.f64(2 * m);
    this.wb = h.f64(2 * m);
    this.mWb = h.f64(2 * m);
    this.chosen = h.i32(this.queue.batch);
    this.out = h.f64(1);
  }
}

const MACHINE_EPS = 2.220446049250313e-16;

export function cauchyPoint(
  x: Float64Array,
  g: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  memory: LimitedMemory,
  work: CauchyWorkspace = new CauchyWorkspace(x.length, memory.m),
  bounds: Float64Array = interleavedBounds(lower, upper),
): CauchyPoint {
  const n = x.length;
  const order = memory.order;
  const k = memory.count;
  const theta = memory.theta;
  const { point, d, breakpoint, heap, isFree, p, c, wb, mWb } = work;
  const middle = memory.middle;
  const kernels = work.solverHeap.kernels;
  if (
    kernels &&
    kernels.owns(x, g, lower, upper, bounds, memory.sBuffer, memory.yBuffer, middle, point)
  ) {
    const count = kernels.cauchy({
      x,
      g,
      lower,
      upper,
      bounds,
      sBuffer: memory.sBuffer,
      yBuffer: memory.yBuffer,
      middle,
      k,
      theta,
      point,
      d,
      breakpoint,
      heap,
      isFree,
      free: work.free,
      moving: work.moving,
      p,
      c,
      wb,
      mWb,
      chosen: work.chosen,
      out: work.out,
    });
    return result(work, count, order, work.out[0]);
  }
  const { sColumn, yColumn } = memory;
  point.set(x);
  const { moving, free } = work;
  let pending = 0;
  let freeCount = 0;
  let movingCount = 0;
  let slope = 0;
  // Branch-free: which bound a coordinate heads for, and whether it is already there, are coin
  // flips over pixels, so branches on them would be mispredicted about half the time. The bound
  // is picked by index (g_i < 0: upper); an infinite bound gives t = +Infinity, and g_i = 0
  // (t NaN or infinite) means "never".
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    let t = (x[i] - bounds[2 * i + +(gi < 0)]) / gi;
    if (t !== t || gi === 0) t = Infinity;
    breakpoint[i] = t;
    // t <= 0: already at the bound the gradient pushes against, held there from the start.
    const isMoving = +(t > 0);
    isFree[i] = isMoving;
    d[i] = -gi * isMoving;
    slope -= gi * gi * isMoving;
    free[freeCount] = i;
    freeCount += isMoving;
    moving[movingCount] = i;
    movingCount += isMoving & +(gi !== 0);
    heap[pending] = i;
    pending += isMoving & +(t < Infinity);
  }
  let movingLeft = movingCount;
  c.fill(0, 0, order);
  p.fill(0, 0, order);
  if (slope >= 0) return finish(work, freeCount, order, 0);

  // p = W^T d, one pass over each column of W.
  for (let j = 0; j < k; j++) {
    // y_j and s_j in one pass over d (two separate sums, so the same numbers as two dots).
    const yj = yColumn[j];
    const sj = sColumn[j];
    let py = 0;
    let ps = 0;
    for (let i = 0; i < n; i++) {
      const di = d[i];
      py += yj[i] * di;
      ps += sj[i] * di;
    }
    p[j] = py;
    p[k + j] = theta * ps;
  }
  let curvature = -theta * slope - quadraticForm(middle, order, p);
  const curvatureFloor = MACHINE_EPS * Math.max(curvature, Math.abs(slope));
  curvature = Math.max(curvature, curvatureFloor);
  let stepToMin = -slope / curvature;
  let tOld = 0;

  const queue = work.queue;
  queue.reset(heap, pending, breakpoint);
  for (let b = queue.peek(); b >= 0; b = queue.peek()) {
    const dt = breakpoint[b] - tOld;
    if (stepToMin < dt) break;
    queue.pop();
    // Move to breakpoint b: coordinate b sits at its bound from here on.
    point[b] = d[b] > 0 ? upper[b] : lower[b];
    isFree[b] = 0;
    const zb = point[b] - x[b];
    const gb = g[b];
    for (let j = 0; j < order; j++) c[j] += dt * p[j];
    if (k > 0) {
      for (let j = 0; j < k; j++) {
        wb[j] = yColumn[j][b];
        wb[k + j] = theta * sColumn[j][b];
      }
      let mWbC = 0;
      let mWbP = 0;
      let mWbWb = 0;
      for (let r = 0; r < order; r++) {
        let sum = 0;
        const row = r * order;
        for (let j = 0; j < order; j++) sum += middle[row + j] * wb[j];
        mWb[r] = sum;
        mWbC += sum * c[r];
        mWbP += sum * p[r];
        mWbWb += sum * wb[r];
      }
      slope += dt * curvature + gb * gb + theta * gb * zb - gb * mWbC;
      curvature += -theta * gb * gb - 2 * gb * mWbP - gb * gb * mWbWb;
      for (let j = 0; j < order; j++) p[j] += gb * wb[j];
    } else {
      slope += dt * curvature + gb * gb + theta * gb * zb;
      curvature += -theta * gb * gb;
    }
    curvature = Math.max(curvature, curvatureFloor);
    d[b] = 0;
    movingLeft--;
    tOld = breakpoint[b];
    stepToMin = movingLeft > 0 ? -slope / curvature : 0;
  }
  stepToMin = Math.max(stepToMin, 0);
  tOld += stepToMin;
  for (let t = 0; t < movingCount; t++) {
    const i = moving[t];
    const di = d[i];
    if (di !== 0) {
      // Clamp: rounding must not carry a coordinate past the bound it was heading for.
      point[i] = Math.min(upper[i], Math.max(lower[i], x[i] + tOld * di));
    }
  }
  for (let j = 0; j < order; j++) c[j] += stepToMin * p[j];
  return finish(work, freeCount, order, tOld);
}

/** The free list: those free from the start, less the breakpoints passed. */
function finish(work: CauchyWorkspace, freeAtStart: number, order: number, t: number): CauchyPoint {
  const { isFree, free } = work;
  let count = 0;
  for (let f = 0; f < freeAtStart; f++) {
    const i = free[f];
    free[count] = i;
    count += isFree[i];
  }
  return result(work, count, order, t);
}

function result(work: CauchyWorkspace, count: number, order: number, t: number): CauchyPoint {
  const { isFree, free } = work;
  return {
    point: work.point,
    c: work.c.subarray(0, order),
    p: work.p.subarray(0, order),
    t,
    free: free.subarray(0, count),
    isFree,
  };
}

/** v^T A v for A of order n (row-major). */
function quadraticForm(a: Float64Array, n: number, v: Float64Array): number {
  let total = 0;
  for (let r = 0; r < n; r++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += a[r * n + j] * v[j];
    total += v[r] * sum;
  }
  return total;
}
