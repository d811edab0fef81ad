/*
 * The addon's thread pool: vaec_parallel_for and the thread count (see vaec_parallel.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "vaec_parallel.h"

#define MAX_THREADS 64
static int threads = 1;

int vaec_threads(void) { return threads; }
void vaec_set_threads(int n) { threads = n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : n; }

/* Work is handed out in small chunks from a shared counter rather than split in equal parts up
 * front: on a machine where another process holds a core, a helper thread may not run for
 * milliseconds, and a fixed share would keep the caller waiting for it; this way the caller takes
 * whatever the helpers have not started, and a helper that wakes late finds nothing left. */
typedef struct {
  vaec_range_fn fn;
  void *ctx;
  size_t n, chunk;
  atomic_size_t next;
} shared_work;

static void *work(void *arg) {
  shared_work *w = arg;
  for (;;) {
    size_t begin = atomic_fetch_add(&w->next, w->chunk);
    if (begin >= w->n) break;
    size_t end = begin + w->chunk < w->n ? begin + w->chunk : w->n;
    w->fn(w->ctx, begin, end);
  }
  return NULL;
}

void vaec_parallel_for(size_t n, size_t min_chunk, size_t align, vaec_range_fn fn, void *ctx) {
  size_t helpers = (size_t)threads - 1;
  if (min_chunk < 1) min_chunk = 1;
  if (helpers > n / min_chunk) helpers = n / min_chunk > 0 ? n / min_chunk - 1 : 0;
  if (helpers == 0) {
    fn(ctx, 0, n);
    return;
  }
  /* About eight chunks per thread, each at least min_chunk and a multiple of align. */
  size_t chunk = n / (8 * (helpers + 1));
  if (chunk < min_chunk) chunk = min_chunk;
  chunk = (chunk + align - 1) / align * align;
  shared_work w = {fn, ctx, n, chunk, 0};
  pthread_t ids[MAX_THREADS];
  int started[MAX_THREADS] = {0};
  for (size_t i = 0; i < helpers; i++)
    started[i] = pthread_create(&ids[i], NULL, work, &w) == 0;
  work(&w);
  for (size_t i = 0; i < helpers; i++)
    if (started[i]) pthread_join(ids[i], NULL);
}

