import { multiplyDense, solveDense } from "./dense.js";
import type { LimitedMemory } from "./limited-memory.js";

/*
 * Subspace minimisation (Byrd, Lu, Nocedal and Zhu 1995, section 5.1, the direct primal method):
 * with the variables at bounds at the Cauchy point held fixed, minimise the quadratic model over
 * the free ones, starting from the Cauchy point. The reduced Hessian theta I - A M A^T
 * (A = Z^T W, the rows of W for the free variables) is inverted by Sherman-Morrison-Woodbury:
 *
 *   du = -r / theta - A (K - A^T A / theta)^{-1} A^T r / theta^2,   K = M^{-1},
 *
 * r the model's reduced gradient at the Cauchy point. Then, as in L-BFGS-B 3.0 (Morales and
 * Nocedal 2011), the unconstrained subspace step is projected onto the box; if that projection is
 * not a descent direction from x, fall back to the original truncation of the step to the box.
 */

export function subspaceMinimum(
  x: Float64Array,
  g: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
  cauchy: { point: Float64Array; c: Float64Array; free: Int32Array },
  memory: LimitedMemory,
): Float64Array {
  const { point, c, free } = cauchy;
  const nFree = free.length;
  const xBar = Float64Array.from(point);
  if (nFree === 0) return xBar;
  const order = memory.order;
  const theta = memory.theta;

  const mc = order > 0 ? multiplyDense(memory.middle, order, c) : new Float64Array(0);
  const r = new Float64Array(nFree);
  const row = new Float64Array(order);
  for (let t = 0; t < nFree; t++) {
    const i = free[t];
    let value = g[i] + theta * (point[i] - x[i]);
    if (order > 0) {
      memory.wRow(i, row);
      for (let j = 0; j < order; j++) value -= row[j] * mc[j];
    }
    r[t] = value;
  }

  const du = new Float64Array(nFree);
  for (let t = 0; t < nFree; t++) du[t] = -r[t] / theta;
  if (order > 0) {
    const system = reducedSystem(memory, free, x.length);
    // A^T r, with A's rows the free rows of W.
    const aTr = new Float64Array(order);
    for (let t = 0; t < nFree; t++) {
      memory.wRow(free[t], row);
      for (let j = 0; j < order; j++) aTr[j] += row[j] * r[t];
    }
    const u = solveDense(system, order, aTr);
    if (u) {
      for (let t = 0; t < nFree; t++) {
        memory.wRow(free[t], row);
        let value = 0;
        for (let j = 0; j < order; j++) value += row[j] * u[j];
        du[t] -= value / (theta * theta);
      }
    }
    // A singular system leaves du = -r / theta: a steepest-descent step in the free subspace.
  }

  // L-BFGS-B 3.0: project the full step, keep it if it still points downhill from x.
  const projected = Float64Array.from(point);
  let directional = 0;
  for (let t = 0; t < nFree; t++) {
    const i = free[t];
    projected[i] = Math.min(upper[i], Math.max(lower[i], point[i] + du[t]));
  }
  for (let i = 0; i < x.length; i++) directional += (projected[i] - x[i]) * g[i];
  if (directional <= 0) return projected;

  // Original 1995 rule: the largest alpha <= 1 keeping point + alpha du inside the box.
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
  for (let t = 0; t < nFree; t++) xBar[free[t]] = point[free[t]] + alpha * du[t];
  if (hit >= 0) {
    const i = free[hit];
    xBar[i] = du[hit] > 0 ? upper[i] : lower[i];
  }
  return xBar;
}

/** K - A^T A / theta, with A^T A summed over the free rows (or W^T W minus the fixed rows). */
function reducedSystem(memory: LimitedMemory, free: Int32Array, n: number): Float64Array {
  const order = memory.order;
  const theta = memory.theta;
  const row = new Float64Array(order);
  const gram = new Float64Array(order * order);
  const accumulate = (i: number, sign: number): void => {
    memory.wRow(i, row);
    for (let a = 0; a < order; a++) {
      const ra = sign * row[a];
      for (let b = 0; b < order; b++) gram[a * order + b] += ra * row[b];
    }
  };
  if (free.length <= n / 2) {
    for (let t = 0; t < free.length; t++) accumulate(free[t], 1);
  } else {
    gram.set(memory.wTransposeW());
    const isFree = new Uint8Array(n);
    for (let t = 0; t < free.length; t++) isFree[free[t]] = 1;
    for (let i = 0; i < n; i++) if (!isFree[i]) accumulate(i, -1);
  }
  const system = Float64Array.from(memory.kMatrix);
  for (let e = 0; e < order * order; e++) system[e] -= gram[e] / theta;
  return system;
}
