import { dot, invertInPlace } from "./dense.js";
import { JS_HEAP, type SolverHeap } from "./solver-heap.js";

/*
 * The compact limited-memory BFGS matrix of Byrd, Nocedal and Schnabel (1994), as L-BFGS-B uses it:
 *
 *   B = theta I - W M W^T,   W = [Y, theta S]   (n x 2k),
 *   M = K^{-1},              K = [[-D, L^T], [L, theta S^T S]]   (2k x 2k),
 *
 * with S, Y the last k <= m correction pairs, D = diag(s_i^T y_i) and L the strictly lower triangle
 * of S^T Y in time order (L_ij = s_i^T y_j for pair i newer than pair j).
 *
 * Storage is built for O(m n) iterations with no allocation (lbfgsb.f's ws, wy and formk):
 * - the pairs live in a ring of m slots, one contiguous column per slot (`sColumn[q]`,
 *   `yColumn[q]`), so every product with W is a few passes of a scalar loop over n. A new pair
 *   overwrites the oldest slot, and every small matrix is indexed by slot, never shifted:
 *   column/row a of K and M is slot a; the time order only decides which entries of L are
 *   non-zero;
 * - the inner products S^T Y and S^T S are updated with one row and column per pair (O(m n));
 * - so are their parts over the free set F the subspace minimisation last used, Y_F^T Y_F,
 *   S_F^T Y_F and S_A^T S_A (A the fixed variables); when F changes only the variables that enter
 *   or leave it are added or subtracted (O(m^2) each), as formk does. `reducedSystem` then gives
 *   K - W_F^T W_F / theta in O(m^2).
 *
 * Every array comes from a SolverHeap: on the WebAssembly one, the passes over n of `push` and
 * all of `syncFree` run as its kernels (the same arithmetic, see wasm/lbfgsb_*.c).
 */
export class LimitedMemory {
  readonly n: number;
  readonly m: number;
  theta = 1;
  /** s and y of the pair in slot q (views into sBuffer and yBuffer, slot q at q n). */
  readonly sColumn: Float64Array[];
  readonly yColumn: Float64Array[];
  readonly sBuffer: Float64Array;
  readonly yBuffer: Float64Array;
  /** Slot-indexed with stride m: sy[a * m + b] = s_a^T y_b, ss[a * m + b] = s_a^T s_b. */
  readonly sy: Float64Array;
  readonly ss: Float64Array;
  /** Over the free set `free`: yyFree = Y_F^T Y_F, syFree[a * m + b] = s_a^T y_b over F,
   * ssFree = S_F^T S_F; over the fixed complement: ssFixed = S_A^T S_A (kept apart, not as
   * ss - ssFree, so the reduced system does not lose it to cancellation). */
  readonly yyFree: Float64Array;
  readonly syFree: Float64Array;
  readonly ssFree: Float64Array;
  readonly ssFixed: Float64Array;
  /** The free set the sums above are over (1 = free), and its members and complement listed. */
  readonly free: Uint8Array;
  private readonly freeList: Int32Array;
  private readonly fixedList: Int32Array;
  private freeCount: number;
  /** M = K^{-1}, order 2k, row-major (the first (2k)^2 entries); valid when k > 0. */
  readonly middle: Float64Array;
  /** K itself, order 2k, row-major. */
  readonly kMatrix: Float64Array;
  private k = 0;
  private pushes = 0;
  /** The push number of each slot's pair (time order for L). */
  private readonly age: Float64Array;
  private readonly products: Float64Array;
  private readonly rowS: Float64Array;
  private readonly rowY: Float64Array;
  private readonly lu: Float64Array;
  private readonly pivots: Int32Array;
  private readonly column: Float64Array;
  private readonly heap: SolverHeap;

  constructor(n: number, m: number, heap: SolverHeap = JS_HEAP) {
    this.n = n;
    this.m = m;
    this.heap = heap;
    const sBuffer = heap.f64(n * m);
    const yBuffer = heap.f64(n * m);
    this.sBuffer = sBuffer;
    this.yBuffer = yBuffer;
    this.sColumn = [];
    this.yColumn = [];
    for (let q = 0; q < m; q++) {
      this.sColumn.push(sBuffer.subarray(q * n, (q + 1) * n));
      this.yColumn.push(yBuffer.subarray(q * n, (q + 1) * n));
    }
    this.sy = heap.f64(m * m);
    this.ss = heap.f64(m * m);
    this.yyFree = heap.f64(m * m);
    this.syFree = heap.f64(m * m);
    this.ssFree = heap.f64(m * m);
    this.ssFixed = heap.f64(m * m);
    this.free = heap.u8(n).fill(1);
    this.freeList = heap.i32(n);
    for (let i = 0; i < n; i++) this.freeList[i] = i;
    this.fixedList = heap.i32(n);
    this.freeCount = n;
    this.middle = heap.f64(4 * m * m);
    this.kMatrix = heap.f64(4 * m * m);
    this.age = heap.f64(m);
    // Seven products per slot (the kernel's layout; the JavaScript loop uses two slots' worth).
    this.products = heap.f64(Math.max(14, 7 * m));
    this.rowS = heap.f64(m);
    this.rowY = heap.f64(m);
    this.lu = heap.f64(4 * m * m);
    this.pivots = heap.i32(2 * m);
    this.column = heap.f64(2 * m);
  }

  get count(): number {
    return this.k;
  }

  /** Order of M: 2k. */
  get order(): number {
    return 2 * this.k;
  }

  reset(): void {
    this.k = 0;
    this.pushes = 0;
    this.theta = 1;
  }

  /**
   * Adds the pair (s, y) (copied), overwriting the oldest when full. Returns false when the middle
   * matrix turned out singular; the memory is then reset, as L-BFGS-B does.
   */
  push(s: Float64Array, y: Float64Array): boolean {
    const { n, m } = this;
    const q = this.pushes % m;
    this.pushes++;
    this.age[q] = this.pushes;
    if (this.k < m) this.k++;
    const k = this.k;
    this.sColumn[q].set(s);
    this.yColumn[q].set(y);
    const p = this.products;
    const { freeList, fixedList, freeCount } = this;
    const kernels = this.heap.kernels;
    if (kernels) {
      // The slot's own copies of s and y: in the heap whatever the caller passed.
      const yy = kernels.pairProducts(
        this.sColumn[q],
        this.yColumn[q],
        this.sBuffer,
        this.yBuffer,
        k,
        freeList,
        freeCount,
        fixedList,
        p,
      );
      for (let b = 0; b < k; b++) this.storeProducts(q, b, p, 7 * b);
      this.theta = yy / this.sy[q * m + q];
      return this.formMiddle();
    }
    const fixedCount = n - freeCount;
    for (let b = 0; b < k; b += 2) {
      // Two pairs per pass over the rows (one when k is odd): separate sums, the same numbers.
      const b2 = b + 1 < k ? b + 1 : b;
      const sb = this.sColumn[b];
      const yb = this.yColumn[b];
      const sb2 = this.sColumn[b2];
      const yb2 = this.yColumn[b2];
      freeProducts(s, y, sb, yb, sb2, yb2, freeList, freeCount, p);
      fixedProducts(s, y, sb, yb, sb2, yb2, fixedList, fixedCount, p);
      this.storeProducts(q, b, p, 0);
      if (b2 !== b) this.storeProducts(q, b2, p, 7);
    }
    let yy = 0;
    for (let i = 0; i < n; i++) yy += y[i] * y[i];
    this.theta = yy / this.sy[q * m + q];
    return this.formMiddle();
  }

  /** Stores the products of the new pair (slot q) with slot b, from out[at .. at + 6]. */
  private storeProducts(q: number, b: number, p: Float64Array, at: number): void {
    const m = this.m;
    this.sy[q * m + b] = p[at] + p[at + 4];
    this.sy[b * m + q] = p[at + 1] + p[at + 5];
    this.ss[q * m + b] = this.ss[b * m + q] = p[at + 2] + p[at + 6];
    this.syFree[q * m + b] = p[at];
    this.syFree[b * m + q] = p[at + 1];
    this.ssFree[q * m + b] = this.ssFree[b * m + q] = p[at + 2];
    this.yyFree[q * m + b] = this.yyFree[b * m + q] = p[at + 3];
    this.ssFixed[q * m + b] = this.ssFixed[b * m + q] = p[at + 6];
  }

  /** True when the pair in slot a is newer than the one in slot b (L_ab may be non-zero). */
  private newer(a: number, b: number): boolean {
    return this.age[a] > this.age[b];
  }

  private formMiddle(): boolean {
    const { k, m, theta } = this;
    const n2 = 2 * k;
    const kMatrix = this.kMatrix;
    kMatrix.fill(0, 0, n2 * n2);
    for (let a = 0; a < k; a++) {
      kMatrix[a * n2 + a] = -this.sy[a * m + a];
      for (let b = 0; b < k; b++) {
        if (this.newer(a, b)) {
          // L block (bottom left) and its transpose (top right).
          kMatrix[(k + a) * n2 + b] = this.sy[a * m + b];
          kMatrix[b * n2 + (k + a)] = this.sy[a * m + b];
        }
        kMatrix[(k + a) * n2 + (k + b)] = theta * this.ss[a * m + b];
      }
    }
    this.lu.set(kMatrix.subarray(0, n2 * n2));
    if (!invertInPlace(this.lu, n2, this.middle, this.pivots, this.column)) {
      this.reset();
      return false;
    }
    return true;
  }

  /**
   * Moves the free-set sums to the free set `isFree` (1 = free): each variable that entered or
   * left adds or subtracts its row's outer products, O(m^2) per changed variable.
   */
  syncFree(isFree: Uint8Array): void {
    const { n, m, k, free, yyFree, syFree, ssFree, ssFixed, rowS, rowY } = this;
    const kernels = this.heap.kernels;
    if (kernels && kernels.owns(isFree)) {
      const count = kernels.syncFree(
        isFree,
        free,
        k,
        m,
        this.sBuffer,
        this.yBuffer,
        this,
        rowS,
        rowY,
        this.freeList,
        this.fixedList,
      );
      if (count >= 0) this.freeCount = count;
      return;
    }
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (isFree[i] === free[i]) continue;
      free[i] = isFree[i];
      changed = true;
      if (k === 0) continue;
      const sign = isFree[i] ? 1 : -1;
      for (let a = 0; a < k; a++) {
        rowS[a] = this.sColumn[a][i];
        rowY[a] = this.yColumn[a][i];
      }
      // syFree is a full matrix; the symmetric three get their upper triangles here (mirrored
      // below, once).
      for (let a = 0; a < k; a++) {
        const sa = sign * rowS[a];
        const ya = sign * rowY[a];
        const row = a * m;
        for (let b = 0; b < k; b++) syFree[row + b] += sa * rowY[b];
        for (let b = a; b < k; b++) {
          yyFree[row + b] += ya * rowY[b];
          const ss = sa * rowS[b];
          ssFree[row + b] += ss;
          ssFixed[row + b] -= ss;
        }
      }
    }
    if (changed) {
      for (let a = 0; a < k; a++) {
        for (let b = a + 1; b < k; b++) {
          yyFree[b * m + a] = yyFree[a * m + b];
          ssFree[b * m + a] = ssFree[a * m + b];
          ssFixed[b * m + a] = ssFixed[a * m + b];
        }
      }
      this.listFree();
    }
  }

  private listFree(): void {
    let f = 0;
    let a = 0;
    const { free, freeList, fixedList } = this;
    for (let i = 0; i < this.n; i++) {
      const isFree = free[i];
      freeList[f] = i;
      fixedList[a] = i;
      f += isFree;
      a += 1 - isFree;
    }
    this.freeCount = f;
  }

  /**
   * K - W_F^T W_F / theta (order 2k, row-major, into `out`) over the free set last synced: the
   * matrix the subspace minimisation solves with (Sherman-Morrison-Woodbury on the reduced B).
   */
  reducedSystem(out: Float64Array): Float64Array {
    const { k, m, theta } = this;
    const n2 = 2 * k;
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        const ab = a * m + b;
        out[a * n2 + b] = (a === b ? -this.sy[ab] : 0) - this.yyFree[ab] / theta;
        // (L - S_F^T Y_F)_ab in the bottom left, its transpose in the top right.
        const lower = (this.newer(a, b) ? this.sy[ab] : 0) - this.syFree[ab];
        out[(k + a) * n2 + b] = lower;
        out[b * n2 + (k + a)] = lower;
        out[(k + a) * n2 + (k + b)] = theta * this.ssFixed[ab];
      }
    }
    return out;
  }

  /** W_F^T W_F (order 2k, row-major, into `out`) over the free set last synced. */
  freeGram(out: Float64Array): Float64Array {
    const { k, m, theta } = this;
    const n2 = 2 * k;
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        const ab = a * m + b;
        out[a * n2 + b] = this.yyFree[ab];
        // (Y_F^T S_F)_ab = s_b^T y_a over F.
        out[a * n2 + (k + b)] = theta * this.syFree[b * m + a];
        out[(k + a) * n2 + b] = theta * this.syFree[ab];
        out[(k + a) * n2 + (k + b)] = theta * theta * this.ssFree[ab];
      }
    }
    return out;
  }

  /** Row i of W: [y_0[i] .. y_{k-1}[i], theta s_0[i] .. theta s_{k-1}[i]] (by slot) into `out`. */
  wRow(i: number, out: Float64Array): Float64Array {
    const k = this.k;
    for (let j = 0; j < k; j++) {
      out[j] = this.yColumn[j][i];
      out[k + j] = this.theta * this.sColumn[j][i];
    }
    return out;
  }

  /** W^T v over all n coordinates (order 2k, into `out`). */
  wTransposeTimes(v: Float64Array, out: Float64Array = new Float64Array(this.order)): Float64Array {
    const k = this.k;
    for (let j = 0; j < k; j++) {
      out[j] = dot(this.yColumn[j], v, this.n);
      out[k + j] = this.theta * dot(this.sColumn[j], v, this.n);
    }
    return out;
  }
}

/** Over the free rows, for pairs b and b2: out[0..3] and out[7..10] = [s.yb, sb.y, s.sb, y.yb]. */
function freeProducts(
  s: Float64Array,
  y: Float64Array,
  sb: Float64Array,
  yb: Float64Array,
  sb2: Float64Array,
  yb2: Float64Array,
  list: Int32Array,
  count: number,
  out: Float64Array,
): void {
  let sy = 0;
  let ys = 0;
  let ss = 0;
  let yy = 0;
  let sy2 = 0;
  let ys2 = 0;
  let ss2 = 0;
  let yy2 = 0;
  for (let t = 0; t < count; t++) {
    const i = list[t];
    const si = s[i];
    const yi = y[i];
    const sbi = sb[i];
    const ybi = yb[i];
    const sbi2 = sb2[i];
    const ybi2 = yb2[i];
    sy += si * ybi;
    ys += sbi * yi;
    ss += si * sbi;
    yy += yi * ybi;
    sy2 += si * ybi2;
    ys2 += sbi2 * yi;
    ss2 += si * sbi2;
    yy2 += yi * ybi2;
  }
  out[0] = sy;
  out[1] = ys;
  out[2] = ss;
  out[3] = yy;
  out[7] = sy2;
  out[8] = ys2;
  out[9] = ss2;
  out[10] = yy2;
}

/** Over the fixed rows, for pairs b and b2: out[4..6] and out[11..13] = [s.yb, sb.y, s.sb]. */
function fixedProducts(
  s: Float64Array,
  y: Float64Array,
  sb: Float64Array,
  yb: Float64Array,
  sb2: Float64Array,
  yb2: Float64Array,
  list: Int32Array,
  count: number,
  out: Float64Array,
): void {
  let sy = 0;
  let ys = 0;
  let ss = 0;
  let sy2 = 0;
  let ys2 = 0;
  let ss2 = 0;
  for (let t = 0; t < count; t++) {
    const i = list[t];
    const si = s[i];
    const yi = y[i];
    const sbi = sb[i];
    const sbi2 = sb2[i];
    sy += si * yb[i];
    ys += sbi * yi;
    ss += si * sbi;
    sy2 += si * yb2[i];
    ys2 += sbi2 * yi;
    ss2 += si * sbi2;
  }
  out[4] = sy;
  out[5] = ys;
  out[6] = ss;
  out[11] = sy2;
  out[12] = ys2;
  out[13] = ss2;
}
