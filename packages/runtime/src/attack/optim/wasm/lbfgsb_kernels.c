/*
 * L-BFGS-B's per-row arithmetic as WebAssembly (built by build-lbfgsb-wasm.ts with clang; the
 * binary is embedded in lbfgsb-wasm-binary.ts). Each function is the loop of the TypeScript
 * function named beside it, with the same operations in the same order: every sum runs over the
 * same terms in the same sequence, there is no fused multiply-add (wasm has none, and the build
 * says -ffp-contract=off) and no reassociation (no -ffast-math), and min/max are wasm's f64.min
 * and f64.max, which are JavaScript's Math.min and Math.max (NaN and signed zeros included). So
 * the results are the JavaScript path's bit for bit (optim tests compare them). What is faster
 * here is the machine code: no bounds or type checks, and where one sum of the JavaScript loops
 * waited on its own previous addition, several independent sums share a pass (each still adds
 * its terms in order).
 *
 * Freestanding: no libc, no globals, no allocation. Pointers are byte addresses in the memory
 * the module imports, where the caller (solver-heap.ts) keeps every array of the rows it solves.
 */

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define INF __builtin_inf()

static const double MACHINE_EPS = 2.220446049250313e-16;
static const double BIG_STEP = 1e10;

/* Math.max / Math.min / Math.abs. */
static inline double jmax(double a, double b) { return __builtin_wasm_max_f64(a, b); }
static inline double jmin(double a, double b) { return __builtin_wasm_min_f64(a, b); }
static inline double jabs(double a) { return __builtin_fabs(a); }

/*
 * Two lanes at once where lanes are independent (elementwise work, or separate sums each still
 * adding its own terms in order). f64x2.min and f64x2.max have the scalar ones' (JavaScript's)
 * semantics and, unlike them in V8, no branches: a clamp to [l, u] is a coin flip per pixel, so
 * a branch on it is mispredicted half the time.
 */
typedef v128_t f64x2;
static inline f64x2 pair(double a, double b) { return wasm_f64x2_make(a, b); }
static inline f64x2 clamp2(f64x2 v, f64x2 lo, f64x2 hi) {
  return wasm_f64x2_min(hi, wasm_f64x2_max(lo, v));
}

/* ---------------------------------------------------------------- lbfgsb.ts */

/* searchDirection: d = target - x; out = [d^T d, g^T d, the largest feasible step]. */
EXPORT(search_direction)
void search_direction(const double *target, const double *x, const double *g, double *d,
                      const double *bounds, int n, double *out) {
  double dd = 0, gd = 0, step = BIG_STEP;
  for (int i = 0; i < n; i++) {
    const double xi = x[i];
    const double di = target[i] - xi;
    d[i] = di;
    dd += di * di;
    gd += g[i] * di;
    const double r = (bounds[2 * i + (di >= 0)] - xi) / di;
    if (r < step) step = r > 0 ? r : 0;
  }
  out[0] = dd;
  out[1] = gd;
  out[2] = step;
}

/* correctionPair: s, y; out = [gOld^T s, s^T y, the projected gradient's infinity norm]. */
EXPORT(correction_pair)
void correction_pair(const double *xNew, const double *xOld, const double *gNew,
                     const double *gOld, double *s, double *y, const double *bounds, int n,
                     double *out) {
  double gs = 0, sy = 0;
  /* The norm is a max, the same in any order: two lanes, then the larger. */
  f64x2 norm2 = wasm_f64x2_splat(0);
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    f64x2 room = wasm_f64x2_splat(0), ag = room;
    for (int l = 0; l < 2; l++) {
      const double xi = xNew[i + l];
      const double gi = gNew[i + l];
      const double si = xi - xOld[i + l];
      const double yi = gi - gOld[i + l];
      s[i + l] = si;
      y[i + l] = yi;
      gs += gOld[i + l] * si;
      sy += si * yi;
      const double r = jabs(xi - bounds[2 * (i + l) + (gi < 0)]);
      room = l ? wasm_f64x2_replace_lane(room, 1, r) : wasm_f64x2_replace_lane(room, 0, r);
      ag = l ? wasm_f64x2_replace_lane(ag, 1, jabs(gi)) : wasm_f64x2_replace_lane(ag, 0, jabs(gi));
    }
    norm2 = wasm_f64x2_max(norm2, wasm_f64x2_min(room, ag));
  }
  double norm = jmax(wasm_f64x2_extract_lane(norm2, 0), wasm_f64x2_extract_lane(norm2, 1));
  for (; i < n; i++) {
    const double xi = xNew[i];
    const double gi = gNew[i];
    const double si = xi - xOld[i];
    const double yi = gi - gOld[i];
    s[i] = si;
    y[i] = yi;
    gs += gOld[i] * si;
    sy += si * yi;
    const double room = jabs(xi - bounds[2 * i + (gi < 0)]);
    norm = jmax(norm, jmin(room, jabs(gi)));
  }
  out[0] = gs;
  out[1] = sy;
  out[2] = norm;
}

/* stepAlong: out = P(x + stp d). */
EXPORT(step_along)
void step_along(const double *x, const double *d, double stp, const double *lower,
                const double *upper, int n, double *out) {
  const f64x2 step = wasm_f64x2_splat(stp);
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    const f64x2 v = wasm_f64x2_add(wasm_v128_load(x + i), wasm_f64x2_mul(step, wasm_v128_load(d + i)));
    wasm_v128_store(out + i, clamp2(v, wasm_v128_load(lower + i), wasm_v128_load(upper + i)));
  }
  for (; i < n; i++) out[i] = jmin(upper[i], jmax(lower[i], x[i] + stp * d[i]));
}

/* ------------------------------------------------------- limited-memory.ts */

/*
 * The products of LimitedMemory.push (freeProducts, fixedProducts): for each slot b < k,
 * out[7 b ..] = [s.y_b, s_b.y, s.s_b, y.y_b over the free rows; s.y_b, s_b.y, s.s_b over the
 * fixed rows]; returns y.y over all rows. Four slots per pass (products4), the rest two at a
 * time as there.
 */
static void free_products(const double *s, const double *y, const double *sb, const double *yb,
                          const double *sb2, const double *yb2, const int *list, int count,
                          double *out, double *out2) {
  double sy = 0, ys = 0, ss = 0, yy = 0, sy2 = 0, ys2 = 0, ss2 = 0, yy2 = 0;
  for (int t = 0; t < count; t++) {
    const int i = list[t];
    const double si = s[i], yi = y[i], sbi = sb[i], ybi = yb[i], sbi2 = sb2[i], ybi2 = yb2[i];
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
  out2[0] = sy2;
  out2[1] = ys2;
  out2[2] = ss2;
  out2[3] = yy2;
}

static void fixed_products(const double *s, const double *y, const double *sb, const double *yb,
                           const double *sb2, const double *yb2, const int *list, int count,
                           double *out, double *out2) {
  double sy = 0, ys = 0, ss = 0, sy2 = 0, ys2 = 0, ss2 = 0;
  for (int t = 0; t < count; t++) {
    const int i = list[t];
    const double si = s[i], yi = y[i], sbi = sb[i], sbi2 = sb2[i];
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
  out2[4] = sy2;
  out2[5] = ys2;
  out2[6] = ss2;
}

/*
 * Four slots b0..b3 in one pass over the rows, two per pair of lanes: every lane is one of the
 * sums above, adding the same products in the same order.
 */
static void products4(const double *s, const double *y, const double *sBuf, const double *yBuf,
                      int n, int b, const int *list, int count, int fixed, double *out) {
  const double *s0 = sBuf + (long)b * n, *s1 = s0 + n, *s2 = s1 + n, *s3 = s2 + n;
  const double *y0 = yBuf + (long)b * n, *y1 = y0 + n, *y2 = y1 + n, *y3 = y2 + n;
  const f64x2 zero = wasm_f64x2_splat(0);
  f64x2 sy01 = zero, sy23 = zero, ys01 = zero, ys23 = zero, ss01 = zero, ss23 = zero;
  f64x2 yy01 = zero, yy23 = zero;
  for (int t = 0; t < count; t++) {
    const int i = list[t];
    const f64x2 si = wasm_f64x2_splat(s[i]), yi = wasm_f64x2_splat(y[i]);
    const f64x2 ys0 = pair(y0[i], y1[i]), ys1 = pair(y2[i], y3[i]);
    const f64x2 ss0 = pair(s0[i], s1[i]), ss1 = pair(s2[i], s3[i]);
    sy01 = wasm_f64x2_add(sy01, wasm_f64x2_mul(si, ys0));
    sy23 = wasm_f64x2_add(sy23, wasm_f64x2_mul(si, ys1));
    ys01 = wasm_f64x2_add(ys01, wasm_f64x2_mul(ss0, yi));
    ys23 = wasm_f64x2_add(ys23, wasm_f64x2_mul(ss1, yi));
    ss01 = wasm_f64x2_add(ss01, wasm_f64x2_mul(si, ss0));
    ss23 = wasm_f64x2_add(ss23, wasm_f64x2_mul(si, ss1));
    if (!fixed) {
      yy01 = wasm_f64x2_add(yy01, wasm_f64x2_mul(yi, ys0));
      yy23 = wasm_f64x2_add(yy23, wasm_f64x2_mul(yi, ys1));
    }
  }
  const f64x2 sums[4][2] = {{sy01, sy23}, {ys01, ys23}, {ss01, ss23}, {yy01, yy23}};
  const int at = fixed ? 4 : 0;
  for (int kind = 0; kind < (fixed ? 3 : 4); kind++) {
    out[7 * b + at + kind] = wasm_f64x2_extract_lane(sums[kind][0], 0);
    out[7 * (b + 1) + at + kind] = wasm_f64x2_extract_lane(sums[kind][0], 1);
    out[7 * (b + 2) + at + kind] = wasm_f64x2_extract_lane(sums[kind][1], 0);
    out[7 * (b + 3) + at + kind] = wasm_f64x2_extract_lane(sums[kind][1], 1);
  }
}

EXPORT(pair_products)
double pair_products(const double *s, const double *y, const double *sBuf, const double *yBuf,
                     int n, int k, const int *freeList, int freeCount, const int *fixedList,
                     double *out) {
  const int fixedCount = n - freeCount;
  int b = 0;
  for (; b + 4 <= k; b += 4) {
    products4(s, y, sBuf, yBuf, n, b, freeList, freeCount, 0, out);
    products4(s, y, sBuf, yBuf, n, b, fixedList, fixedCount, 1, out);
  }
  for (; b < k; b += 2) {
    const int b2 = b + 1 < k ? b + 1 : b;
    const double *sb = sBuf + (long)b * n, *yb = yBuf + (long)b * n;
    const double *sb2 = sBuf + (long)b2 * n, *yb2 = yBuf + (long)b2 * n;
    free_products(s, y, sb, yb, sb2, yb2, freeList, freeCount, out + 7 * b, out + 7 * b2);
    fixed_products(s, y, sb, yb, sb2, yb2, fixedList, fixedCount, out + 7 * b, out + 7 * b2);
  }
  double yy = 0;
  for (int i = 0; i < n; i++) yy += y[i] * y[i];
  return yy;
}

/*
 * LimitedMemory.syncFree: moves the free-set sums to `isFree`; returns the new free count, or -1
 * when no variable changed (nothing to list).
 */
EXPORT(sync_free)
int sync_free(const unsigned char *isFree, unsigned char *free, int n, int k, int m,
              const double *sBuf, const double *yBuf, double *yyFree, double *syFree,
              double *ssFree, double *ssFixed, double *rowS, double *rowY, int *freeList,
              int *fixedList) {
  int changed = 0;
  for (int i = 0; i < n; i++) {
    if (isFree[i] == free[i]) continue;
    free[i] = isFree[i];
    changed = 1;
    if (k == 0) continue;
    const double sign = isFree[i] ? 1 : -1;
    for (int a = 0; a < k; a++) {
      rowS[a] = sBuf[(long)a * n + i];
      rowY[a] = yBuf[(long)a * n + i];
    }
    for (int a = 0; a < k; a++) {
      const double sa = sign * rowS[a];
      const double ya = sign * rowY[a];
      const int row = a * m;
      for (int b = 0; b < k; b++) syFree[row + b] += sa * rowY[b];
      for (int b = a; b < k; b++) {
        yyFree[row + b] += ya * rowY[b];
        const double ss = sa * rowS[b];
        ssFree[row + b] += ss;
        ssFixed[row + b] -= ss;
      }
    }
  }
  if (!changed) return -1;
  for (int a = 0; a < k; a++) {
    for (int b = a + 1; b < k; b++) {
      yyFree[b * m + a] = yyFree[a * m + b];
      ssFree[b * m + a] = ssFree[a * m + b];
      ssFixed[b * m + a] = ssFixed[a * m + b];
    }
  }
  int f = 0, fixed = 0;
  for (int i = 0; i < n; i++) {
    const int on = free[i];
    freeList[f] = i;
    fixedList[fixed] = i;
    f += on;
    fixed += 1 - on;
  }
  return f;
}

/* ----------------------------------------------------- breakpoint-queue.ts */

typedef struct {
  int *chosen;
  int batch;
  int chosenCount;
  int cursor;
  int *items;
  int itemCount;
  const double *key;
  int restBuilt;
} Queue;

/* (key[a], a) < (key[b], b). */
static inline int before(int a, int b, const double *key) {
  const double ka = key[a], kb = key[b];
  return ka < kb || (ka == kb && a < b);
}

static void sift_down(int *heap, int start, int size, const double *key, int max) {
  int h = start;
  const int item = heap[h];
  for (;;) {
    int child = 2 * h + 1;
    if (child >= size) break;
    const int right = child + 1;
    if (right < size && before(heap[right], heap[child], key) != max) child = right;
    const int c = heap[child];
    if (before(item, c, key) != max || item == c) break;
    heap[h] = c;
    h = child;
  }
  heap[h] = item;
}

static void queue_reset(Queue *q, int *items, int count, const double *key) {
  q->items = items;
  q->itemCount = count;
  q->key = key;
  q->cursor = 0;
  q->restBuilt = 0;
  int *chosen = q->chosen;
  int size = 0;
  for (int t = 0; t < count; t++) {
    const int i = items[t];
    if (size < q->batch) {
      int h = size++;
      while (h > 0) {
        const int parent = (h - 1) >> 1;
        if (!before(chosen[parent], i, key)) break;
        chosen[h] = chosen[parent];
        h = parent;
      }
      chosen[h] = i;
    } else if (before(i, chosen[0], key)) {
      chosen[0] = i;
      sift_down(chosen, 0, size, key, 1);
    }
  }
  for (int end = size - 1; end > 0; end--) {
    const int top = chosen[0];
    chosen[0] = chosen[end];
    chosen[end] = top;
    sift_down(chosen, 0, end, key, 1);
  }
  q->chosenCount = size;
}

static void queue_build_rest(Queue *q) {
  q->restBuilt = 1;
  int *items = q->items;
  const double *key = q->key;
  const int last = q->chosenCount > 0 ? q->chosen[q->chosenCount - 1] : -1;
  int count = 0;
  for (int t = 0; t < q->itemCount; t++) {
    const int i = items[t];
    if (last < 0 || before(last, i, key)) items[count++] = i;
  }
  q->itemCount = count;
  for (int h = (count >> 1) - 1; h >= 0; h--) sift_down(items, h, count, key, 0);
}

static int queue_peek(Queue *q) {
  if (q->cursor < q->chosenCount) return q->chosen[q->cursor];
  if (!q->restBuilt) queue_build_rest(q);
  return q->itemCount > 0 ? q->items[0] : -1;
}

static void queue_pop(Queue *q) {
  if (q->cursor < q->chosenCount) {
    q->cursor++;
    return;
  }
  q->itemCount--;
  q->items[0] = q->items[q->itemCount];
  sift_down(q->items, 0, q->itemCount, q->key, 0);
}

/* --------------------------------------------------------- cauchy-point.ts */

/*
 * p[j] = y_j^T d, p[k + j] = theta s_j^T d, each sum over i in order. Eight slots per pass over d
 * (their y and s sums as eight pairs of lanes), then two, then one: one or two passes where one
 * pass per slot would each wait on its own chain of additions.
 */
static void w_transpose_d(const double *sBuf, const double *yBuf, int n, int k, double theta,
                          const double *d, double *p) {
  const f64x2 zero = wasm_f64x2_splat(0);
  int j = 0;
  for (; j + 8 <= k; j += 8) {
    const double *y[8], *s[8];
    for (int l = 0; l < 8; l++) {
      y[l] = yBuf + (long)(j + l) * n;
      s[l] = sBuf + (long)(j + l) * n;
    }
    f64x2 py0 = zero, py1 = zero, py2 = zero, py3 = zero;
    f64x2 ps0 = zero, ps1 = zero, ps2 = zero, ps3 = zero;
    for (int i = 0; i < n; i++) {
      const f64x2 di = wasm_f64x2_splat(d[i]);
      py0 = wasm_f64x2_add(py0, wasm_f64x2_mul(pair(y[0][i], y[1][i]), di));
      py1 = wasm_f64x2_add(py1, wasm_f64x2_mul(pair(y[2][i], y[3][i]), di));
      py2 = wasm_f64x2_add(py2, wasm_f64x2_mul(pair(y[4][i], y[5][i]), di));
      py3 = wasm_f64x2_add(py3, wasm_f64x2_mul(pair(y[6][i], y[7][i]), di));
      ps0 = wasm_f64x2_add(ps0, wasm_f64x2_mul(pair(s[0][i], s[1][i]), di));
      ps1 = wasm_f64x2_add(ps1, wasm_f64x2_mul(pair(s[2][i], s[3][i]), di));
      ps2 = wasm_f64x2_add(ps2, wasm_f64x2_mul(pair(s[4][i], s[5][i]), di));
      ps3 = wasm_f64x2_add(ps3, wasm_f64x2_mul(pair(s[6][i], s[7][i]), di));
    }
    const f64x2 py[4] = {py0, py1, py2, py3}, ps[4] = {ps0, ps1, ps2, ps3};
    for (int l = 0; l < 4; l++) {
      p[j + 2 * l] = wasm_f64x2_extract_lane(py[l], 0);
      p[j + 2 * l + 1] = wasm_f64x2_extract_lane(py[l], 1);
      p[k + j + 2 * l] = theta * wasm_f64x2_extract_lane(ps[l], 0);
      p[k + j + 2 * l + 1] = theta * wasm_f64x2_extract_lane(ps[l], 1);
    }
  }
  for (; j + 2 <= k; j += 2) {
    const double *y0 = yBuf + (long)j * n, *y1 = y0 + n;
    const double *s0 = sBuf + (long)j * n, *s1 = s0 + n;
    f64x2 py = zero, ps = zero;
    for (int i = 0; i < n; i++) {
      const f64x2 di = wasm_f64x2_splat(d[i]);
      py = wasm_f64x2_add(py, wasm_f64x2_mul(pair(y0[i], y1[i]), di));
      ps = wasm_f64x2_add(ps, wasm_f64x2_mul(pair(s0[i], s1[i]), di));
    }
    p[j] = wasm_f64x2_extract_lane(py, 0);
    p[j + 1] = wasm_f64x2_extract_lane(py, 1);
    p[k + j] = theta * wasm_f64x2_extract_lane(ps, 0);
    p[k + j + 1] = theta * wasm_f64x2_extract_lane(ps, 1);
  }
  for (; j < k; j++) {
    const double *yj = yBuf + (long)j * n, *sj = sBuf + (long)j * n;
    double py = 0, ps = 0;
    for (int i = 0; i < n; i++) {
      const double di = d[i];
      py += yj[i] * di;
      ps += sj[i] * di;
    }
    p[j] = py;
    p[k + j] = theta * ps;
  }
}

/* v^T A v for A of order n (row-major). */
static double quadratic_form(const double *a, int n, const double *v) {
  double total = 0;
  for (int r = 0; r < n; r++) {
    double sum = 0;
    for (int j = 0; j < n; j++) sum += a[r * n + j] * v[j];
    total += v[r] * sum;
  }
  return total;
}

/*
 * cauchyPoint (and its finish): returns the number of free variables listed in `free`; writes
 * the path length t to out[0]. `chosen` is the breakpoint queue's array of `batch` entries.
 */
EXPORT(cauchy)
int cauchy(const double *x, const double *g, const double *lower, const double *upper,
           const double *bounds, int n, const double *sBuf, const double *yBuf,
           const double *middle, int k, double theta, double *point, double *d,
           double *breakpoint, int *heap, unsigned char *isFree, int *free, int *moving,
           double *p, double *c, double *wb, double *mWb, int *chosen, int batch, double *out) {
  const int order = 2 * k;
  for (int i = 0; i < n; i++) point[i] = x[i];
  int pending = 0, freeCount = 0, movingCount = 0;
  double slope = 0;
  for (int i = 0; i < n; i++) {
    const double gi = g[i];
    double t = (x[i] - bounds[2 * i + (gi < 0)]) / gi;
    if (t != t || gi == 0) t = INF;
    breakpoint[i] = t;
    const int isMoving = t > 0;
    isFree[i] = (unsigned char)isMoving;
    d[i] = -gi * (double)isMoving;
    slope -= gi * gi * (double)isMoving;
    free[freeCount] = i;
    freeCount += isMoving;
    moving[movingCount] = i;
    movingCount += isMoving & (gi != 0);
    heap[pending] = i;
    pending += isMoving & (t < INF);
  }
  int movingLeft = movingCount;
  for (int j = 0; j < order; j++) {
    c[j] = 0;
    p[j] = 0;
  }
  double tOld = 0;
  if (slope < 0) {
    w_transpose_d(sBuf, yBuf, n, k, theta, d, p);
    double curvature = -theta * slope - quadratic_form(middle, order, p);
    const double curvatureFloor = MACHINE_EPS * jmax(curvature, jabs(slope));
    curvature = jmax(curvature, curvatureFloor);
    double stepToMin = -slope / curvature;

    Queue queue = {chosen, batch, 0, 0, 0, 0, 0, 0};
    queue_reset(&queue, heap, pending, breakpoint);
    for (int b = queue_peek(&queue); b >= 0; b = queue_peek(&queue)) {
      const double dt = breakpoint[b] - tOld;
      if (stepToMin < dt) break;
      queue_pop(&queue);
      point[b] = d[b] > 0 ? upper[b] : lower[b];
      isFree[b] = 0;
      const double zb = point[b] - x[b];
      const double gb = g[b];
      for (int j = 0; j < order; j++) c[j] += dt * p[j];
      if (k > 0) {
        for (int j = 0; j < k; j++) {
          wb[j] = yBuf[(long)j * n + b];
          wb[k + j] = theta * sBuf[(long)j * n + b];
        }
        /* M wb, four rows at a time (each row's sum in order), then the three dots in row order. */
        int r = 0;
        for (; r + 4 <= order; r += 4) {
          const double *m0 = middle + r * order, *m1 = m0 + order, *m2 = m1 + order,
                       *m3 = m2 + order;
          double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (int j = 0; j < order; j++) {
            const double w = wb[j];
            s0 += m0[j] * w;
            s1 += m1[j] * w;
            s2 += m2[j] * w;
            s3 += m3[j] * w;
          }
          mWb[r] = s0;
          mWb[r + 1] = s1;
          mWb[r + 2] = s2;
          mWb[r + 3] = s3;
        }
        for (; r < order; r++) {
          double sum = 0;
          for (int j = 0; j < order; j++) sum += middle[r * order + j] * wb[j];
          mWb[r] = sum;
        }
        double mWbC = 0, mWbP = 0, mWbWb = 0;
        for (r = 0; r < order; r++) {
          const double sum = mWb[r];
          mWbC += sum * c[r];
          mWbP += sum * p[r];
          mWbWb += sum * wb[r];
        }
        slope += dt * curvature + gb * gb + theta * gb * zb - gb * mWbC;
        curvature += -theta * gb * gb - 2 * gb * mWbP - gb * gb * mWbWb;
        for (int j = 0; j < order; j++) p[j] += gb * wb[j];
      } else {
        slope += dt * curvature + gb * gb + theta * gb * zb;
        curvature += -theta * gb * gb;
      }
      curvature = jmax(curvature, curvatureFloor);
      d[b] = 0;
      movingLeft--;
      tOld = breakpoint[b];
      stepToMin = movingLeft > 0 ? -slope / curvature : 0;
    }
    stepToMin = jmax(stepToMin, 0);
    tOld += stepToMin;
    const f64x2 told = wasm_f64x2_splat(tOld);
    int t = 0;
    for (; t + 2 <= movingCount; t += 2) {
      const int i0 = moving[t], i1 = moving[t + 1];
      const f64x2 v = wasm_f64x2_add(pair(x[i0], x[i1]), wasm_f64x2_mul(told, pair(d[i0], d[i1])));
      const f64x2 c = clamp2(v, pair(lower[i0], lower[i1]), pair(upper[i0], upper[i1]));
      if (d[i0] != 0) point[i0] = wasm_f64x2_extract_lane(c, 0);
      if (d[i1] != 0) point[i1] = wasm_f64x2_extract_lane(c, 1);
    }
    for (; t < movingCount; t++) {
      const int i = moving[t];
      const double di = d[i];
      if (di != 0) point[i] = jmin(upper[i], jmax(lower[i], x[i] + tOld * di));
    }
    for (int j = 0; j < order; j++) c[j] += stepToMin * p[j];
  }
  out[0] = tOld;
  int count = 0;
  for (int f = 0; f < freeCount; f++) {
    const int i = free[f];
    free[count] = i;
    count += isFree[i];
  }
  return count;
}

/* --------------------------------------------------------- subspace-min.ts */

#define MAX_ORDER 64

/*
 * subspaceMinimum after its small dense solve: du = -(g + theta (point - x)) / theta + W_F w on
 * the free rows, out = P(point + du) on them (out holds point elsewhere); if that is not a
 * descent direction from x, the 1995 truncation instead. Returns 1 for the projected step, 0 for
 * the truncated one. `factors` (2k) is scratch.
 */
EXPORT(subspace_step)
int subspace_step(const double *x, const double *g, const double *lower, const double *upper,
                  int n, const double *point, const int *free, int nFree, double theta,
                  const double *sBuf, const double *yBuf, int k, const double *w, double *factors,
                  double *du, double *out) {
  const int order = 2 * k;
  const double *columns[MAX_ORDER];
  for (int j = 0; j < k; j++) {
    columns[j] = yBuf + (long)j * n;
    factors[j] = w[j];
    columns[k + j] = sBuf + (long)j * n;
    factors[k + j] = theta * w[k + j];
  }
  /* Each du[t] adds its 2k terms one after another, a chain of dependent additions: eight free
   * rows at a time (four pairs of lanes) keep eight chains in flight instead of one. */
  int t = 0;
  for (; t + 8 <= nFree; t += 8) {
    const int *at = free + t;
    double start[8];
    for (int l = 0; l < 8; l++) {
      const int i = at[l];
      start[l] = -(g[i] + theta * (point[i] - x[i])) / theta;
    }
    f64x2 v0 = pair(start[0], start[1]), v1 = pair(start[2], start[3]);
    f64x2 v2 = pair(start[4], start[5]), v3 = pair(start[6], start[7]);
    for (int j = 0; j < order; j++) {
      const double *col = columns[j];
      const f64x2 f = wasm_f64x2_splat(factors[j]);
      v0 = wasm_f64x2_add(v0, wasm_f64x2_mul(pair(col[at[0]], col[at[1]]), f));
      v1 = wasm_f64x2_add(v1, wasm_f64x2_mul(pair(col[at[2]], col[at[3]]), f));
      v2 = wasm_f64x2_add(v2, wasm_f64x2_mul(pair(col[at[4]], col[at[5]]), f));
      v3 = wasm_f64x2_add(v3, wasm_f64x2_mul(pair(col[at[6]], col[at[7]]), f));
    }
    wasm_v128_store(du + t, v0);
    wasm_v128_store(du + t + 2, v1);
    wasm_v128_store(du + t + 4, v2);
    wasm_v128_store(du + t + 6, v3);
  }
  for (; t < nFree; t++) {
    const int i = free[t];
    double v = -(g[i] + theta * (point[i] - x[i])) / theta;
    for (int j = 0; j < order; j++) v = v + columns[j][i] * factors[j];
    du[t] = v;
  }
  t = 0;
  for (; t + 2 <= nFree; t += 2) {
    const int i0 = free[t], i1 = free[t + 1];
    const f64x2 v = wasm_f64x2_add(pair(point[i0], point[i1]), wasm_v128_load(du + t));
    const f64x2 c = clamp2(v, pair(lower[i0], lower[i1]), pair(upper[i0], upper[i1]));
    out[i0] = wasm_f64x2_extract_lane(c, 0);
    out[i1] = wasm_f64x2_extract_lane(c, 1);
  }
  for (; t < nFree; t++) {
    const int i = free[t];
    out[i] = jmin(upper[i], jmax(lower[i], point[i] + du[t]));
  }
  double directional = 0;
  for (int i = 0; i < n; i++) directional += (out[i] - x[i]) * g[i];
  if (directional <= 0) return 1;

  for (int i = 0; i < n; i++) out[i] = point[i];
  double alpha = 1;
  int hit = -1;
  for (int t = 0; t < nFree; t++) {
    const int i = free[t];
    const double step = du[t];
    double limit = INF;
    if (step < 0 && lower[i] > -INF) limit = jmax(0, (lower[i] - point[i]) / step);
    else if (step > 0 && upper[i] < INF) limit = jmax(0, (upper[i] - point[i]) / step);
    if (limit < alpha) {
      alpha = limit;
      hit = t;
    }
  }
  for (int t = 0; t < nFree; t++) out[free[t]] = point[free[t]] + alpha * du[t];
  if (hit >= 0) {
    const int i = free[hit];
    out[i] = du[hit] > 0 ? upper[i] : lower[i];
  }
  return 0;
}

/* The largest memory (pairs) subspace_step's column table holds. */
EXPORT(max_memory)
int max_memory(void) { return MAX_ORDER / 2; }
