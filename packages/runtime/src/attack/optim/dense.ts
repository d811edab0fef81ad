/*
 * The small dense linear algebra L-BFGS-B needs: matrices of order 2m (m = memory, ~5-20), stored
 * row-major in Float64Array. Nothing here is worth a library; everything is O(m^3) at most.
 */

/** Solves A x = b for square `a` (order n, row-major) by LU with partial pivoting; null if singular. */
export function solveDense(a: Float64Array, n: number, b: Float64Array): Float64Array | null {
  const lu = Float64Array.from(a);
  const pivots = new Int32Array(n);
  if (!luFactor(lu, n, pivots)) return n === 0 ? Float64Array.from(b) : null;
  const x = Float64Array.from(b);
  luSolve(lu, n, pivots, x);
  return x;
}

/**
 * LU factorisation with partial pivoting in place: afterwards `a` holds U on and above the
 * diagonal and the multipliers of L below it, and pivots[col] the row swapped into row col.
 * False when a pivot is below n * 1e-14 of the largest entry (singular for our purposes).
 */
export function luFactor(a: Float64Array, n: number, pivots: Int32Array): boolean {
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  if (scale === 0) return false;
  const tiny = scale * n * 1e-14;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(a[row * n + col]) > Math.abs(a[pivot * n + col])) pivot = row;
    }
    pivots[col] = pivot;
    if (Math.abs(a[pivot * n + col]) <= tiny) return false;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        const t = a[col * n + k];
        a[col * n + k] = a[pivot * n + k];
        a[pivot * n + k] = t;
      }
    }
    const diag = a[col * n + col];
    for (let row = col + 1; row < n; row++) {
      const factor = a[row * n + col] / diag;
      a[row * n + col] = factor;
      if (factor === 0) continue;
      for (let k = col + 1; k < n; k++) a[row * n + k] -= factor * a[col * n + k];
    }
  }
  return true;
}

/** Solves in place with a factorisation from `luFactor`: b becomes x. */
export function luSolve(lu: Float64Array, n: number, pivots: Int32Array, b: Float64Array): void {
  // Rows were swapped whole (multipliers included), so the swaps go first, in order.
  for (let col = 0; col < n; col++) {
    const pivot = pivots[col];
    if (pivot !== col) {
      const t = b[col];
      b[col] = b[pivot];
      b[pivot] = t;
    }
  }
  for (let col = 0; col < n; col++) {
    const bc = b[col];
    for (let row = col + 1; row < n; row++) b[row] -= lu[row * n + col] * bc;
  }
  for (let row = n - 1; row >= 0; row--) {
    let sum = b[row];
    for (let k = row + 1; k < n; k++) sum -= lu[row * n + k] * b[k];
    b[row] = sum / lu[row * n + row];
  }
}

/**
 * Inverse of a square matrix (order n, row-major) into `out`, factorising `a` in place; false if
 * singular. `column` (length >= n) and `pivots` are scratch.
 */
export function invertInPlace(
  a: Float64Array,
  n: number,
  out: Float64Array,
  pivots: Int32Array,
  column: Float64Array,
): boolean {
  if (!luFactor(a, n, pivots)) return false;
  for (let col = 0; col < n; col++) {
    column.fill(0, 0, n);
    column[col] = 1;
    luSolve(a, n, pivots, column);
    for (let row = 0; row < n; row++) out[row * n + col] = column[row];
  }
  return true;
}

/** Inverse of a square matrix (order n, row-major); null if singular. */
export function invertDense(a: Float64Array, n: number): Float64Array | null {
  const inverse = new Float64Array(n * n);
  const ok = invertInPlace(
    Float64Array.from(a),
    n,
    inverse,
    new Int32Array(n),
    new Float64Array(n),
  );
  return ok ? inverse : null;
}

/** y = A x for A of order n (row-major). */
export function multiplyDense(
  a: Float64Array,
  n: number,
  x: Float64Array,
  y: Float64Array = new Float64Array(n),
): Float64Array {
  for (let row = 0; row < n; row++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += a[row * n + k] * x[k];
    y[row] = sum;
  }
  return y;
}

export function dot(a: Float64Array, b: Float64Array, n = a.length): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i] * b[i];
  return sum;
}
