/*
 * One Adam step in one pass (called by vaec_blas.c's `adam`), split over the addon's threads.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "vaec_parallel.h"

/* One element, scalar: the head and tail of a chunk, and machines without AVX. */
static inline void adam_one(const vaec_adam_task *t, size_t i) {
  const float gi = t->g[i];
  const float mi = t->beta1 * t->m[i] + (1.0f - t->beta1) * gi;
  const float vi = t->beta2 * t->v[i] + (1.0f - t->beta2) * gi * gi;
  t->m2[i] = mi;
  t->v2[i] = vi;
  t->p2[i] = t->p[i] - t->rate * mi / (sqrtf(vi) + t->eps);
}

/* M2 may be M and V2 may be V (the moments updated in place): each element is read before it is
 * written. Written with AVX-512 intrinsics because gcc leaves this loop scalar (seven arrays that
 * may alias), which made it compute-bound (sqrt and divide) at twice the time of the memory
 * traffic. An output that is not its input is written with streaming stores: it is a fresh
 * buffer, so this saves reading it into the cache first (the next step reads it from memory
 * anyway: 51 MB of weights do not stay in cache). */
static void adam_range(void *ctx, size_t begin, size_t end) {
  const vaec_adam_task *t = ctx;
  size_t i = begin;
#if defined(__AVX512F__)
  while (i < end && ((uintptr_t)(t->p2 + i) & 63) != 0) adam_one(t, i++);
  const __m512 r = _mm512_set1_ps(t->rate), e = _mm512_set1_ps(t->eps);
  const __m512 b1 = _mm512_set1_ps(t->beta1), c1 = _mm512_set1_ps(1.0f - t->beta1);
  const __m512 b2 = _mm512_set1_ps(t->beta2), c2 = _mm512_set1_ps(1.0f - t->beta2);
  const int streamM = t->m2 != t->m && ((uintptr_t)t->m2 & 63) == ((uintptr_t)t->p2 & 63);
  const int streamV = t->v2 != t->v && ((uintptr_t)t->v2 & 63) == ((uintptr_t)t->p2 & 63);
  const int streamP = t->p2 != t->p;
  for (; i + 16 <= end; i += 16) {
    const __m512 g = _mm512_loadu_ps(t->g + i);
    const __m512 m = _mm512_add_ps(_mm512_mul_ps(b1, _mm512_loadu_ps(t->m + i)), _mm512_mul_ps(c1, g));
    const __m512 v = _mm512_add_ps(_mm512_mul_ps(b2, _mm512_loadu_ps(t->v + i)),
                                   _mm512_mul_ps(_mm512_mul_ps(c2, g), g));
    const __m512 step = _mm512_div_ps(_mm512_mul_ps(r, m), _mm512_add_ps(_mm512_sqrt_ps(v), e));
    const __m512 p = _mm512_sub_ps(_mm512_loadu_ps(t->p + i), step);
    if (streamM) _mm512_stream_ps(t->m2 + i, m);
    else _mm512_storeu_ps(t->m2 + i, m);
    if (streamV) _mm512_stream_ps(t->v2 + i, v);
    else _mm512_storeu_ps(t->v2 + i, v);
    if (streamP) _mm512_stream_ps(t->p2 + i, p);
    else _mm512_storeu_ps(t->p2 + i, p);
  }
  _mm_sfence();
#endif
  for (; i < end; i++) adam_one(t, i);
}

void vaec_adam(const vaec_adam_task *task, size_t n) {
  /* 16 floats: chunks start on 64-byte lines, so two threads never write the same cache line. */
  vaec_parallel_for(n, 1 << 16, 16, adam_range, (void *)task);
}
