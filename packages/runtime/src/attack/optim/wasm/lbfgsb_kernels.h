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
 * Freestanding: no libc, no mutable globals, no allocation. Pointers are byte addresses in the
 * memory the module imports, where the caller (wasm-solver-heap.ts) keeps every array of the rows
 * it solves.
 *
 * One file per TypeScript file whose loops it holds: lbfgsb_steps.c (lbfgsb.ts),
 * lbfgsb_memory.c (limited-memory.ts), lbfgsb_cauchy.c (cauchy-point.ts and its breakpoint
 * queue), lbfgsb_subspace.c (subspace-min.ts); this header has what they share.
 */
#ifndef LBFGSB_KERNELS_H
#define LBFGSB_KERNELS_H

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

#endif
