import { dot, multiplyDense } from "./dense.js";
import type { LimitedMemory } from "./limited-memory.js";

/*
 * The generalized Cauchy point (Byrd, Lu, Nocedal and Zhu 1995, section 4, algorithm CP): the first
 * local minimiser of the quadratic model m(x) = g^T (x - x0) + 1/2 (x - x0)^T B (x - x0) along the
 * projected steepest-descent path x(t) = P(x0 - t g). The path is piecewise linear with a kink at
 * each breakpoint t_i where coordinate i reaches its bound; on each segment the model is a 1-D
 * quadratic whose slope f' and curvature f'' are updated in O(m^2) per breakpoint through the
 * compact form of B.
 */

export interface CauchyPoint {
  /** The generalized Cauchy point. */
  point: Float64Array;
  /** c = W^T (point - x0), needed by the subspace minimisation. */
  c: Float64Array;
  /** Indices of the variables free at the Cauchy point (not held at a bound by the path). */
  free: Int32Array;
}

const MACHINE_EPS = 2.220446049250313e-16;

export function cauchyPoint(
  x: Float64Array,
  g: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  memory: LimitedMemory,
): CauchyPoint {
  const n = x.length;
  const order = memory.order;
  const theta = memory.theta;
  const point = Float64Array.from(x);
  const d = new Float64Array(n);
  const breakpoint = new Float64Array(n);
  const atBound = new Uint8Array(n);
  const pending: number[] = [];
  for (let i = 0; i < n; i++) {
    let t = Infinity;
    if (g[i] < 0 && upper[i] < Infinity) t = (x[i] - upper[i]) / g[i];
    else if (g[i] > 0 && lower[i] > -Infinity) t = (x[i] - lower[i]) / g[i];
    breakpoint[i] = t;
    if (t <= 0) {
      // Already at the bound the gradient pushes against: held there from the start.
      atBound[i] = 1;
      continue;
    }
    d[i] = -g[i];
    if (t < Infinity) pending.push(i);
  }
  pending.sort((a, b) => breakpoint[a] - breakpoint[b]);

  const p = memory.wTransposeTimes(d);
  const c = new Float64Array(order);
  let slope = -dot(d, d);
  if (slope >= 0) return { point, c, free: freeIndices(atBound) };
  let curvature = -theta * slope - (order > 0 ? dot(p, multiplyDense(memory.middle, order, p)) : 0);
  const curvatureFloor = MACHINE_EPS * Math.max(curvature, Math.abs(slope));
  curvature = Math.max(curvature, curvatureFloor);
  let stepToMin = -slope / curvature;
  let tOld = 0;
  let movingLeft = 0;
  for (let i = 0; i < n; i++) if (d[i] !== 0) movingLeft++;

  const wb = new Float64Array(order);
  const mWb = new Float64Array(order);
  let cursor = 0;
  for (; cursor < pending.length; cursor++) {
    const b = pending[cursor];
    const dt = breakpoint[b] - tOld;
    if (stepToMin < dt) break;
    // Move to breakpoint b: coordinate b sits at its bound from here on.
    point[b] = d[b] > 0 ? upper[b] : lower[b];
    atBound[b] = 1;
    const zb = point[b] - x[b];
    const gb = g[b];
    for (let j = 0; j < order; j++) c[j] += dt * p[j];
    if (order > 0) {
      memory.wRow(b, wb);
      multiplyDense(memory.middle, order, wb, mWb);
      slope += dt * curvature + gb * gb + theta * gb * zb - gb * dot(mWb, c);
      curvature += -theta * gb * gb - 2 * gb * dot(mWb, p) - gb * gb * dot(mWb, wb);
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
  for (let i = 0; i < n; i++) {
    if (d[i] !== 0) {
      // Clamp: rounding must not carry a coordinate past the bound it was heading for.
      point[i] = Math.min(upper[i], Math.max(lower[i], x[i] + tOld * d[i]));
    }
  }
  for (let j = 0; j < order; j++) c[j] += stepToMin * p[j];
  return { point, c, free: freeIndices(atBound) };
}

function freeIndices(atBound: Uint8Array): Int32Array {
  let count = 0;
  for (let i = 0; i < atBound.length; i++) if (!atBound[i]) count++;
  const free = new Int32Array(count);
  let t = 0;
  for (let i = 0; i < atBound.length; i++) if (!atBound[i]) free[t++] = i;
  return free;
}
