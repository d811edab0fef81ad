/*
 * The total-correlation estimator's per-sample term and its gradient (see fused-tc.ts for the
 * formulas), for the BLAS addon. Built with -ffast-math like vaec_bernoulli.c so the exponentials
 * vectorise: the [N, d] inputs are transposed to [d, N] so every inner loop runs over n.
 * Accumulations over n are in float; sums over k and the outputs' accumulations are in double.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "vaec_parallel.h"

typedef struct {
  size_t B, N, D;
  const float *z, *logW;
  float *muT, *invT, *shiftT; /* [D][N] */
  float *t, *s, *lse;         /* scratch: [D][N], [N], [D] */
} tc_state;

static int tc_init(tc_state *st, const float *z, const float *mu, const float *logvar,
                   const float *logW, size_t B, size_t N, size_t D) {
  st->B = B, st->N = N, st->D = D, st->z = z, st->logW = logW;
  st->muT = malloc(sizeof(float) * (4 * N * D + N + D));
  if (!st->muT) return 0;
  st->invT = st->muT + N * D;
  st->shiftT = st->invT + N * D;
  st->t = st->shiftT + N * D;
  st->s = st->t + N * D;
  st->lse = st->s + N;
  for (size_t n = 0; n < N; n++)
    for (size_t k = 0; k < D; k++) {
      st->muT[k * N + n] = mu[n * D + k];
      st->invT[k * N + n] = expf(-logvar[n * D + k]);
      st->shiftT[k * N + n] = logvar[n * D + k] + 1.8378770664093453f; /* log 2 pi */
    }
  return 1;
}

static float lse_of(const float *x, size_t n) {
  float max = -FLT_MAX, sum = 0.0f;
  for (size_t i = 0; i < n; i++) max = x[i] > max ? x[i] : max;
#pragma omp simd reduction(+ : sum)
  for (size_t i = 0; i < n; i++) sum += expf(x[i] - max);
  return max + logf(sum);
}

/* Row b: t[k][n] = L[b, n, k] + logW[b, n], s[n] = sum_k L + logW, lse[k]; returns lse of s. */
static float tc_row(tc_state *st, size_t b) {
  const size_t N = st->N, D = st->D;
  const float *w = st->logW + b * N;
  for (size_t n = 0; n < N; n++) st->s[n] = w[n];
  for (size_t k = 0; k < D; k++) {
    const float zk = st->z[b * D + k];
    float *t = st->t + k * N;
    const float *mu = st->muT + k * N, *inv = st->invT + k * N, *shift = st->shiftT + k * N;
#pragma omp simd
    for (size_t n = 0; n < N; n++) {
      const float d = zk - mu[n];
      const float l = -0.5f * (d * d * inv[n] + shift[n]);
      t[n] = l + w[n];
      st->s[n] += l;
    }
    st->lse[k] = lse_of(t, N);
  }
  return lse_of(st->s, N);
}

int vaec_tc_rows(const float *z, const float *mu, const float *logvar, const float *logW,
                 size_t B, size_t N, size_t D, float *out) {
  tc_state st;
  if (!tc_init(&st, z, mu, logvar, logW, B, N, D)) return 0;
  for (size_t b = 0; b < B; b++) {
    double r = tc_row(&st, b);
    for (size_t k = 0; k < D; k++) r -= st.lse[k];
    out[b] = (float)r;
  }
  free(st.muT);
  return 1;
}

int vaec_tc_grad(const float *z, const float *mu, const float *logvar, const float *logW,
                 const float *dy, size_t B, size_t N, size_t D, float *dz, float *dmu, float *dlv,
                 float *dw) {
  tc_state st;
  if (!tc_init(&st, z, mu, logvar, logW, B, N, D)) return 0;
  float *dmuT = calloc(2 * N * D + N, sizeof(float));
  if (!dmuT) {
    free(st.muT);
    return 0;
  }
  float *dlvT = dmuT + N * D, *a = dlvT + N * D;
  memset(dz, 0, sizeof(float) * B * D);
  memset(dw, 0, sizeof(float) * B * N);
  for (size_t b = 0; b < B; b++) {
    const float g = dy[b];
    if (g == 0.0f) continue;
    const float lseS = tc_row(&st, b);
    float *dwb = dw + b * N;
#pragma omp simd
    for (size_t n = 0; n < N; n++) {
      a[n] = g * expf(st.s[n] - lseS);
      dwb[n] = a[n];
    }
    for (size_t k = 0; k < D; k++) {
      const float zk = z[b * D + k], lk = st.lse[k];
      const float *t = st.t + k * N, *muk = st.muT + k * N, *inv = st.invT + k * N;
      float *dmuk = dmuT + k * N, *dlvk = dlvT + k * N;
      float dzk = 0.0f;
#pragma omp simd reduction(+ : dzk)
      for (size_t n = 0; n < N; n++) {
        const float bk = g * expf(t[n] - lk);
        const float gl = a[n] - bk; /* dy[b] dr[b] / dL[b, n, k] */
        const float d = zk - muk[n];
        const float scaled = d * inv[n];
        dzk -= gl * scaled;
        dmuk[n] += gl * scaled;
        dlvk[n] += gl * 0.5f * (d * scaled - 1.0f);
        dwb[n] -= bk;
      }
      dz[b * D + k] = dzk;
    }
  }
  for (size_t n = 0; n < N; n++)
    for (size_t k = 0; k < D; k++) {
      dmu[n * D + k] = dmuT[k * N + n];
      dlv[n * D + k] = dlvT[k * N + n];
    }
  free(dmuT);
  free(st.muT);
  return 1;
}
