/*
 * The small dense linear algebra L-BFGS-B needs: matrices of order 2m (m = memory, ~5-20), stored
 * row-major in Float64Array. Nothing here is worth a library; everything is O(m^3) at most.
 */

/** Solves A x = b for square `a` (order n, row-major) by LU with partial pivoting; null if singular. */
export function solveDense(a: Float64Array, n: number, b: Float64Array): Float64Array | null {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(m[i]));
  const tiny = scale * n * 1e-14;
  if (scale === 0) return n === 0 ? x : null;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(m[row * n + col]) > Math.abs(m[pivot * n + col])) pivot = row;
    }
    if (Math.abs(m[pivot * n + col]) <= tiny) return null;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        const t = m[col * n + k];
        m[col * n + k] = m[pivot * n + k];
        m[pivot * n + k] = t;
      }
      const t = x[col];
      x[col] = x[pivot];
      x[pivot] = t;
    }
    const diag = m[col * n + col];
    for (let row = col + 1; row < n; row++) {
      const factor = m[row * n + col] / diag;
      if (factor === 0) continue;
      for (let k = col; k < n; k++) m[row * n + k] -= factor * m[col * n + k];
      x[row] -= factor * x[col];
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let sum = x[row];
    for (let k = row + 1; k < n; k++) sum -= m[row * n + k] * x[k];
    x[row] = sum / m[row * n + row];
  }
  return x;
}

/** Inverse of a square matrix (order n, row-major) by n solves; null if singular. */
export function invertDense(a: Float64Array, n: number): Float64Array | null {
  const inverse = new Float64Array(n * n);
  const unit = new Float64Array(n);
  for (let col = 0; col < n; col++) {
    unit.fill(0);
    unit[col] = 1;
    const x = solveDense(a, n, unit);
    if (!x) return null;
    for (let row = 0; row < n; row++) inverse[row * n + col] = x[row];
  }
  return inverse;
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
