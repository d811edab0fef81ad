/* The loops of subspace-min.ts. */
#include "lbfgsb_kernels.h"

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
