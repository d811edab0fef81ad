/* The loops of limited-memory.ts: a new pair's products, the free-set update. */
#include "lbfgsb_kernels.h"

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
