/* The loops of lbfgsb.ts: the search direction, the correction pair, the projected trial point. */
#include "lbfgsb_kernels.h"

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
    const f64x2 di = wasm_v128_load(d + i);
    const f64x2 v = wasm_f64x2_add(wasm_v128_load(x + i), wasm_f64x2_mul(step, di));
    wasm_v128_store(out + i, clamp2(v, wasm_v128_load(lower + i), wasm_v128_load(upper + i)));
  }
  for (; i < n; i++) out[i] = jmin(upper[i], jmax(lower[i], x[i] + stp * d[i]));
}
