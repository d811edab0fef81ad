import { dot, invertDense } from "./dense.js";

/*
 * The compact limited-memory BFGS matrix of Byrd, Nocedal and Schnabel (1994), as L-BFGS-B uses it:
 *
 *   B = theta I - W M W^T,   W = [Y, theta S]   (n x 2k),
 *   M = K^{-1},              K = [[-D, L^T], [L, theta S^T S]]   (2k x 2k),
 *
 * with S, Y the last k <= m correction pairs (oldest first), D = diag(s_i^T y_i) and L the strictly
 * lower triangle of S^T Y (L_ij = s_i^T y_j for i > j). Only k x k inner products are kept, so
 * everything that is not a product with W costs O(m^2) or O(m^3).
 */
export class LimitedMemory {
  readonly n: number;
  readonly m: number;
  theta = 1;
  private s: Float64Array[] = [];
  private y: Float64Array[] = [];
  /** sy[i][j] = s_i^T y_j, ss[i][j] = s_i^T s_j, yy[i][j] = y_i^T y_j (chronological indices). */
  private sy: number[][] = [];
  private ss: number[][] = [];
  private yy: number[][] = [];
  /** M = K^{-1}, order 2k, row-major; empty when k = 0. */
  middle: Float64Array = new Float64Array(0);
  /** K = M^{-1} itself, kept for the subspace minimisation (which solves with K - A^T A / theta). */
  kMatrix: Float64Array = new Float64Array(0);

  constructor(n: number, m: number) {
    this.n = n;
    this.m = m;
  }

  get count(): number {
    return this.s.length;
  }

  /** Order of M: 2k. */
  get order(): number {
    return 2 * this.s.length;
  }

  reset(): void {
    this.s = [];
    this.y = [];
    this.sy = [];
    this.ss = [];
    this.yy = [];
    this.theta = 1;
    this.middle = new Float64Array(0);
    this.kMatrix = new Float64Array(0);
  }

  /**
   * Adds the pair (s, y) (copied), dropping the oldest when full. Returns false when the middle
   * matrix turned out singular; the memory is then reset, as L-BFGS-B does.
   */
  push(s: Float64Array, y: Float64Array): boolean {
    if (this.s.length === this.m) {
      this.s.shift();
      this.y.shift();
      for (const table of [this.sy, this.ss, this.yy]) {
        table.shift();
        for (const row of table) row.shift();
      }
    }
    this.s.push(Float64Array.from(s));
    this.y.push(Float64Array.from(y));
    const k = this.s.length;
    const last = k - 1;
    for (const table of [this.sy, this.ss, this.yy]) table.push(new Array<number>(k).fill(0));
    for (let i = 0; i < k; i++) {
      this.sy[last][i] = dot(this.s[last], this.y[i]);
      this.sy[i][last] = dot(this.s[i], this.y[last]);
      this.ss[last][i] = this.ss[i][last] = dot(this.s[last], this.s[i]);
      this.yy[last][i] = this.yy[i][last] = dot(this.y[last], this.y[i]);
    }
    this.theta = this.yy[last][last] / this.sy[last][last];
    return this.formMiddle();
  }

  private formMiddle(): boolean {
    const k = this.s.length;
    const n2 = 2 * k;
    const kMatrix = new Float64Array(n2 * n2);
    for (let i = 0; i < k; i++) {
      kMatrix[i * n2 + i] = -this.sy[i][i];
      for (let j = 0; j < k; j++) {
        if (i > j) {
          // L block (bottom left) and its transpose (top right).
          kMatrix[(k + i) * n2 + j] = this.sy[i][j];
          kMatrix[j * n2 + (k + i)] = this.sy[i][j];
        }
        kMatrix[(k + i) * n2 + (k + j)] = this.theta * this.ss[i][j];
      }
    }
    const inverse = invertDense(kMatrix, n2);
    if (!inverse) {
      this.reset();
      return false;
    }
    this.kMatrix = kMatrix;
    this.middle = inverse;
    return true;
  }

  /** Row i of W: [y_0[i] .. y_{k-1}[i], theta s_0[i] .. theta s_{k-1}[i]] into `out`. */
  wRow(i: number, out: Float64Array): Float64Array {
    const k = this.s.length;
    for (let j = 0; j < k; j++) {
      out[j] = this.y[j][i];
      out[k + j] = this.theta * this.s[j][i];
    }
    return out;
  }

  /** W^T v over all n coordinates, or only over `indices` when given. */
  wTransposeTimes(v: Float64Array, indices?: ArrayLike<number>): Float64Array {
    const k = this.s.length;
    const out = new Float64Array(2 * k);
    for (let j = 0; j < k; j++) {
      const yj = this.y[j];
      const sj = this.s[j];
      let a = 0;
      let b = 0;
      if (indices) {
        for (let t = 0; t < indices.length; t++) {
          const i = indices[t];
          a += yj[i] * v[i];
          b += sj[i] * v[i];
        }
      } else {
        for (let i = 0; i < v.length; i++) {
          a += yj[i] * v[i];
          b += sj[i] * v[i];
        }
      }
      out[j] = a;
      out[k + j] = this.theta * b;
    }
    return out;
  }

  /** W^T W (order 2k, row-major) from the kept inner products. */
  wTransposeW(): Float64Array {
    const k = this.s.length;
    const n2 = 2 * k;
    const out = new Float64Array(n2 * n2);
    const t = this.theta;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        out[i * n2 + j] = this.yy[i][j];
        // (Y^T S)_ij = y_i^T s_j = sy[j][i]
        out[i * n2 + (k + j)] = t * this.sy[j][i];
        out[(k + i) * n2 + j] = t * this.sy[i][j];
        out[(k + i) * n2 + (k + j)] = t * t * this.ss[i][j];
      }
    }
    return out;
  }
}
