import type { Evaluation } from "../src/attack/optim/box-problem.js";
import type { LimitedMemory } from "../src/attack/optim/limited-memory.js";

/*
 * Standard test problems with known optima, shared by the optimiser tests.
 */

/** f = 1/2 x^T A x - b^T x (A row-major, order n). */
export function quadratic(a: Float64Array, b: Float64Array): (x: Float64Array) => Evaluation {
  const n = b.length;
  return (x) => {
    const g = new Float64Array(n);
    let f = 0;
    for (let i = 0; i < n; i++) {
      let ax = 0;
      for (let j = 0; j < n; j++) ax += a[i * n + j] * x[j];
      g[i] = ax - b[i];
      f += 0.5 * x[i] * ax - b[i] * x[i];
    }
    return { f, g };
  };
}

/** The n-dimensional Rosenbrock function sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2. */
export function rosenbrock(x: Float64Array): Evaluation {
  const n = x.length;
  const g = new Float64Array(n);
  let f = 0;
  for (let i = 0; i < n - 1; i++) {
    const t = x[i + 1] - x[i] * x[i];
    f += 100 * t * t + (1 - x[i]) ** 2;
    g[i] += -400 * x[i] * t - 2 * (1 - x[i]);
    g[i + 1] += 200 * t;
  }
  return { f, g };
}

/** L-BFGS-B's driver1 problem: an extended Rosenbrock in 25 dims with odd variables in [1, 100]. */
export function driver1(x: Float64Array): Evaluation {
  const n = x.length;
  const g = new Float64Array(n);
  let f = 0.25 * (x[0] - 1) ** 2;
  g[0] = 0.5 * (x[0] - 1);
  for (let i = 1; i < n; i++) {
    const t = x[i] - x[i - 1] ** 2;
    f += 4 * t * t;
    g[i] += 8 * t;
    g[i - 1] += -16 * x[i - 1] * t;
  }
  return { f, g };
}

/**
 * The exact minimiser of a strictly convex quadratic on a box by enumerating every assignment of
 * each coordinate to lower / upper / free (3^n, small n only) and keeping the one meeting KKT.
 */
export function boxQuadraticSolution(
  a: Float64Array,
  b: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
): Float64Array {
  const n = b.length;
  const total = 3 ** n;
  for (let code = 0; code < total; code++) {
    const state: number[] = [];
    let c = code;
    for (let i = 0; i < n; i++) {
      state.push(c % 3);
      c = Math.floor(c / 3);
    }
    const x = new Float64Array(n);
    const free: number[] = [];
    for (let i = 0; i < n; i++) {
      if (state[i] === 0) x[i] = lower[i];
      else if (state[i] === 1) x[i] = upper[i];
      else free.push(i);
    }
    // Solve A_FF x_F = b_F - A_FB x_B by Gaussian elimination.
    const k = free.length;
    const m = new Float64Array(k * (k + 1));
    for (let r = 0; r < k; r++) {
      let rhs = b[free[r]];
      for (let j = 0; j < n; j++) if (state[j] !== 2) rhs -= a[free[r] * n + j] * x[j];
      for (let s = 0; s < k; s++) m[r * (k + 1) + s] = a[free[r] * n + free[s]];
      m[r * (k + 1) + k] = rhs;
    }
    for (let col = 0; col < k; col++) {
      for (let r = col + 1; r < k; r++) {
        const factor = m[r * (k + 1) + col] / m[col * (k + 1) + col];
        for (let s = col; s <= k; s++) m[r * (k + 1) + s] -= factor * m[col * (k + 1) + s];
      }
    }
    for (let r = k - 1; r >= 0; r--) {
      let sum = m[r * (k + 1) + k];
      for (let s = r + 1; s < k; s++) sum -= m[r * (k + 1) + s] * x[free[s]];
      x[free[r]] = sum / m[r * (k + 1) + r];
    }
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      let gi = -b[i];
      for (let j = 0; j < n; j++) gi += a[i * n + j] * x[j];
      if (state[i] === 2) ok = x[i] >= lower[i] - 1e-12 && x[i] <= upper[i] + 1e-12;
      else if (state[i] === 0) ok = gi >= -1e-12;
      else ok = gi <= 1e-12;
    }
    if (ok) return x;
  }
  throw new Error("no KKT point found");
}

/** A random symmetric positive definite matrix B^T B + n I from a seeded generator. */
export function randomSpd(n: number, random: () => number): Float64Array {
  const b = Array.from({ length: n * n }, () => 2 * random() - 1);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? 0.5 : 0;
      for (let k = 0; k < n; k++) sum += b[k * n + i] * b[k * n + j];
      a[i * n + j] = sum;
    }
  }
  return a;
}

/** The runtime's seeded generator, under the name these tests use. */
export { createRandom as seededRandom } from "../src/model/rng.js";

/** The dense B = theta I - W M W^T of the compact representation (row-major, order n). */
export function compactB(memory: LimitedMemory, n: number): Float64Array {
  const order = memory.order;
  const b = new Float64Array(n * n);
  const wi = new Float64Array(order);
  const wj = new Float64Array(order);
  for (let i = 0; i < n; i++) {
    memory.wRow(i, wi);
    for (let j = 0; j < n; j++) {
      memory.wRow(j, wj);
      let v = i === j ? memory.theta : 0;
      for (let a = 0; a < order; a++)
        for (let c = 0; c < order; c++) v -= wi[a] * memory.middle[a * order + c] * wj[c];
      b[i * n + j] = v;
    }
  }
  return b;
}
