/*
 * The Bernoulli log-likelihood on logits, fused: forward sum_j x l - softplus(l) per row, and its
 * gradient dy (x - sigmoid(l)), each one pass instead of five tfjs kernels. Built with -ffast-math
 * (build-blas.ts) so glibc's vector expf/log1pf are used; softplus is written in the stable form
 * max(l, 0) + log1p(exp(-|l|)).
 */
#include <math.h>
#include "vaec_parallel.h"

typedef struct {
  const float *x, *logits, *dy;
  size_t cols;
  float *out;
} bernoulli_task;

static void loglik_rows(void *ctx, size_t begin, size_t end) {
  const bernoulli_task *t = ctx;
  for (size_t r = begin; r < end; r++) {
    const float *x = t->x + r * t->cols, *l = t->logits + r * t->cols;
    float acc = 0.0f;
#pragma omp simd reduction(+ : acc)
    for (size_t j = 0; j < t->cols; j++) {
      const float li = l[j];
      acc += x[j] * li - (fmaxf(li, 0.0f) + log1pf(expf(-fabsf(li))));
    }
    t->out[r] = acc;
  }
}

void vaec_bernoulli_loglik(const float *x, const float *logits, size_t rows, size_t cols,
                           float *out) {
  bernoulli_task task = {x, logits, NULL, cols, out};
  size_t min_rows = cols >= 65536 ? 1 : 65536 / (cols ? cols : 1);
  vaec_parallel_for(rows, min_rows, 1, loglik_rows, &task);
}

static void grad_rows(void *ctx, size_t begin, size_t end) {
  const bernoulli_task *t = ctx;
  for (size_t r = begin; r < end; r++) {
    const float *x = t->x + r * t->cols, *l = t->logits + r * t->cols;
    float *d = t->out + r * t->cols;
    const float g = t->dy[r];
#pragma omp simd
    for (size_t j = 0; j < t->cols; j++) {
      const float li = l[j];
      const float e = expf(-fabsf(li));
      const float inv = 1.0f / (1.0f + e);
      const float sigmoid = li >= 0.0f ? inv : e * inv;
      d[j] = g * (x[j] - sigmoid);
    }
  }
}

void vaec_bernoulli_grad(const float *x, const float *logits, const float *dy, size_t rows,
                         size_t cols, float *dlogits) {
  bernoulli_task task = {x, logits, dy, cols, dlogits};
  size_t min_rows = cols >= 65536 ? 1 : 65536 / (cols ? cols : 1);
  vaec_parallel_for(rows, min_rows, 1, grad_rows, &task);
}
