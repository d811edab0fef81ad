/* The loops of cauchy-point.ts, with breakpoint-queue.ts. */
#include "lbfgsb_kernels.h"

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
