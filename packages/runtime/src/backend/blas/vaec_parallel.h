/*
 * A minimal parallel loop for the addon's elementwise kernels (Adam, the Bernoulli likelihood):
 * memory-bound passes that one core cannot saturate. Threads are created per call: a handful of
 * calls per training step, each over megabytes, so the ~20 us a thread costs does not show.
 */
#ifndef VAEC_PARALLEL_H
#define VAEC_PARALLEL_H
#include <stddef.h>

/* Runs fn(ctx, begin, end) over [0, n) split into contiguous chunks (multiples of `align`), one
 * per thread, at most vaec_threads() threads and none smaller than `min_chunk`. */
typedef void (*vaec_range_fn)(void *ctx, size_t begin, size_t end);
void vaec_parallel_for(size_t n, size_t min_chunk, size_t align, vaec_range_fn fn, void *ctx);
int vaec_threads(void);
void vaec_set_threads(int n);

/* The Bernoulli log-likelihood kernels (vaec_bernoulli.c, built with -ffast-math so the
 * exponentials vectorize). */
void vaec_bernoulli_loglik(const float *x, const float *logits, size_t rows, size_t cols,
                           float *out);
void vaec_bernoulli_grad(const float *x, const float *logits, const float *dy, size_t rows,
                         size_t cols, float *dlogits);
/* The total-correlation term and its gradient (vaec_tc.c, -ffast-math too); 0 when out of
 * memory. */
int vaec_tc_rows(const float *z, const float *mu, const float *logvar, const float *logW,
                 size_t B, size_t N, size_t D, float *out);
int vaec_tc_grad(const float *z, const float *mu, const float *logvar, const float *logW,
                 const float *dy, size_t B, size_t N, size_t D, float *dz, float *dmu, float *dlv,
                 float *dw);
/* One Adam step (vaec_adam.c): m2 = b1 m + (1 - b1) g, v2 = b2 v + (1 - b2) g^2,
 * p2 = p - rate m2 / (sqrt(v2) + eps), with the bias corrections folded into rate and eps. M2 may
 * be M and V2 may be V (updated in place). */
typedef struct {
  const float *p, *g, *m, *v;
  float *p2, *m2, *v2;
  float rate, beta1, beta2, eps;
} vaec_adam_task;
void vaec_adam(const vaec_adam_task *task, size_t n);
#endif
