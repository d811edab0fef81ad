/*
 * vaec's optional native BLAS path: a small N-API addon over the system OpenBLAS, built only by
 * `npm run build:blas` where OpenBLAS's headers are installed (see build-blas.ts). It works on
 * Float32Array views of the wasm backend's heap, so nothing is copied: sgemm reads the operands
 * and writes the result where the wasm backend keeps its tensors.
 */
#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cblas.h>
#include "vaec_parallel.h"

#define CHECK(call)                                                                   \
  do {                                                                                \
    if ((call) != napi_ok) {                                                          \
      napi_throw_error(env, NULL, "vaec_blas: bad arguments to " __FILE__ " " #call); \
      return NULL;                                                                    \
    }                                                                                 \
  } while (0)

static napi_status get_f32(napi_env env, napi_value value, float **data, size_t *length) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  void *raw;
  napi_status status = napi_get_typedarray_info(env, value, &type, length, &raw, &buffer, &offset);
  if (status != napi_ok) return status;
  if (type != napi_float32_array) return napi_invalid_arg;
  *data = (float *)raw;
  return napi_ok;
}

static napi_status get_i64(napi_env env, napi_value value, int64_t *out) {
  return napi_get_value_int64(env, value, out);
}

/* With own_split (setThreads' second argument), a product is split by the addon into blocks of
 * output rows or columns, each a single-threaded sgemm, handed out by vaec_parallel_for: the
 * caller computes whatever blocks a descheduled helper has not started, where OpenBLAS's own
 * pool splits the work in fixed shares and waits (spinning) for each. */
static int own_split = 0;

typedef struct {
  bool transA, transB;
  size_t m, n, k;
  const float *a, *b;
  float *c;
  bool split_rows; /* blocks of rows of C (else of columns) */
} gemm_task;

static void gemm_range(void *ctx, size_t begin, size_t end) {
  const gemm_task *t = ctx;
  const int lda = t->transA ? (int)t->m : (int)t->k, ldb = t->transB ? (int)t->k : (int)t->n;
  const CBLAS_TRANSPOSE ta = t->transA ? CblasTrans : CblasNoTrans;
  const CBLAS_TRANSPOSE tb = t->transB ? CblasTrans : CblasNoTrans;
  if (t->split_rows) {
    /* Rows begin..end of op(A): row offset of A, or column offset of the stored A^T. */
    const float *a = t->a + (t->transA ? begin : begin * t->k);
    cblas_sgemm(CblasRowMajor, ta, tb, (int)(end - begin), (int)t->n, (int)t->k, 1.0f, a, lda, t->b,
                ldb, 0.0f, t->c + begin * t->n, (int)t->n);
  } else {
    /* Columns begin..end of op(B): column offset of B, or row offset of the stored B^T. */
    const float *b = t->b + (t->transB ? begin * t->k : begin);
    cblas_sgemm(CblasRowMajor, ta, tb, (int)t->m, (int)(end - begin), (int)t->k, 1.0f, t->a, lda, b,
                ldb, 0.0f, t->c + begin, (int)t->n);
  }
}

/* sgemm(transA, transB, batch, M, N, K, A, strideA, B, strideB, C): C[b] = op(A[b]) op(B[b]),
 * row-major; a stride of 0 broadcasts that operand over the batch. */
static napi_value sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 11) {
    napi_throw_error(env, NULL, "vaec_blas.sgemm takes 11 arguments");
    return NULL;
  }
  bool transA, transB;
  int64_t batch, m, n, k, strideA, strideB;
  float *a, *b, *c;
  size_t la, lb, lc;
  CHECK(napi_get_value_bool(env, argv[0], &transA));
  CHECK(napi_get_value_bool(env, argv[1], &transB));
  CHECK(get_i64(env, argv[2], &batch));
  CHECK(get_i64(env, argv[3], &m));
  CHECK(get_i64(env, argv[4], &n));
  CHECK(get_i64(env, argv[5], &k));
  CHECK(get_f32(env, argv[6], &a, &la));
  CHECK(get_i64(env, argv[7], &strideA));
  CHECK(get_f32(env, argv[8], &b, &lb));
  CHECK(get_i64(env, argv[9], &strideB));
  CHECK(get_f32(env, argv[10], &c, &lc));
  if ((size_t)((batch - 1) * strideA + m * k) > la || (size_t)((batch - 1) * strideB + k * n) > lb ||
      (size_t)(batch * m * n) > lc) {
    napi_throw_range_error(env, NULL, "vaec_blas.sgemm: an operand is smaller than its shape");
    return NULL;
  }
  for (int64_t i = 0; i < batch; i++) {
    gemm_task t = {transA, transB, (size_t)m, (size_t)n, (size_t)k, a + i * strideA, b + i * strideB,
                   c + i * m * n, (size_t)m >= (size_t)n};
    const size_t along = t.split_rows ? t.m : t.n;
    // Small products in one call: splitting them costs more than it gives.
    if (!own_split || m * n * k < (1 << 22)) gemm_range(&t, 0, along);
    else {
      /* About two blocks per thread: every block packs its shared operand again. */
      size_t block = along / (2 * (size_t)vaec_threads());
      vaec_parallel_for(along, block > 64 ? block : 64, 16, gemm_range, &t);
    }
  }
  return NULL;
}

/* biasActivation(C, bias | null, rows, cols, activation): C += bias (per column), then
 * activation 0 = linear, 1 = relu, in place. */
static napi_value bias_activation(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *c, *bias = NULL;
  size_t lc, lbias = 0;
  int64_t rows, cols, activation;
  napi_valuetype kind;
  CHECK(get_f32(env, argv[0], &c, &lc));
  CHECK(napi_typeof(env, argv[1], &kind));
  if (kind != napi_null) CHECK(get_f32(env, argv[1], &bias, &lbias));
  CHECK(get_i64(env, argv[2], &rows));
  CHECK(get_i64(env, argv[3], &cols));
  CHECK(get_i64(env, argv[4], &activation));
  if ((size_t)(rows * cols) > lc || (bias && (size_t)cols > lbias)) {
    napi_throw_range_error(env, NULL, "vaec_blas.biasActivation: an operand is smaller than its shape");
    return NULL;
  }
  for (int64_t r = 0; r < rows; r++) {
    float *row = c + r * cols;
    if (bias)
      for (int64_t j = 0; j < cols; j++) row[j] += bias[j];
    if (activation == 1)
      for (int64_t j = 0; j < cols; j++) row[j] = row[j] > 0.0f ? row[j] : 0.0f;
  }
  return NULL;
}

/* adam(P, G, M, V, P2, M2, V2, rate, beta1, beta2, eps): one Adam step in one pass, the same
 * arithmetic as fused-adam.ts (bias corrections folded into rate and eps by the caller), split
 * over the addon's threads. M2 may be M and V2 may be V: the moments are then updated in place. */
static napi_value adam(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *arrays[7];
  size_t lengths[7];
  for (int i = 0; i < 7; i++) CHECK(get_f32(env, argv[i], &arrays[i], &lengths[i]));
  double rate, beta1, beta2, eps;
  CHECK(napi_get_value_double(env, argv[7], &rate));
  CHECK(napi_get_value_double(env, argv[8], &beta1));
  CHECK(napi_get_value_double(env, argv[9], &beta2));
  CHECK(napi_get_value_double(env, argv[10], &eps));
  size_t n = lengths[0];
  for (int i = 1; i < 7; i++)
    if (lengths[i] != n) {
      napi_throw_range_error(env, NULL, "vaec_blas.adam: arrays differ in length");
      return NULL;
    }
  vaec_adam_task task = {arrays[0], arrays[1], arrays[2],    arrays[3],    arrays[4], arrays[5],
                         arrays[6], (float)rate, (float)beta1, (float)beta2, (float)eps};
  vaec_adam(&task, n);
  return NULL;
}

/* bernoulliLogLik(X, L, rows, cols, out): out[r] = sum_j X l - softplus(l) over row r. */
static napi_value bernoulli_loglik(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *l, *out;
  size_t lx, ll, lout;
  int64_t rows, cols;
  CHECK(get_f32(env, argv[0], &x, &lx));
  CHECK(get_f32(env, argv[1], &l, &ll));
  CHECK(get_i64(env, argv[2], &rows));
  CHECK(get_i64(env, argv[3], &cols));
  CHECK(get_f32(env, argv[4], &out, &lout));
  if (rows < 0 || cols < 0 || (size_t)(rows * cols) > lx || (size_t)(rows * cols) > ll ||
      (size_t)rows > lout) {
    napi_throw_range_error(env, NULL, "vaec_blas.bernoulliLogLik: an operand is smaller than its shape");
    return NULL;
  }
  vaec_bernoulli_loglik(x, l, (size_t)rows, (size_t)cols, out);
  return NULL;
}

/* bernoulliGrad(X, L, dy, rows, cols, dL): dL[r, j] = dy[r] (X[r, j] - sigmoid(L[r, j])). */
static napi_value bernoulli_grad(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *l, *dy, *out;
  size_t lx, ll, ldy, lout;
  int64_t rows, cols;
  CHECK(get_f32(env, argv[0], &x, &lx));
  CHECK(get_f32(env, argv[1], &l, &ll));
  CHECK(get_f32(env, argv[2], &dy, &ldy));
  CHECK(get_i64(env, argv[3], &rows));
  CHECK(get_i64(env, argv[4], &cols));
  CHECK(get_f32(env, argv[5], &out, &lout));
  size_t size = (size_t)(rows * cols);
  if (rows < 0 || cols < 0 || size > lx || size > ll || (size_t)rows > ldy || size > lout) {
    napi_throw_range_error(env, NULL, "vaec_blas.bernoulliGrad: an operand is smaller than its shape");
    return NULL;
  }
  vaec_bernoulli_grad(x, l, dy, (size_t)rows, (size_t)cols, out);
  return NULL;
}

/* denseGrad(dY, Y | null, rows, cols, dZ | null, db): a dense layer's gradient before its
 * products. With Y (relu): dZ = dY where Y > 0, else 0; without (linear) dZ is dY itself and is
 * not written. db[j] = sum_r dZ[r, j] (the bias gradient), accumulated in the same pass. */
static napi_value dense_grad(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *dy, *y = NULL, *dz = NULL, *db;
  size_t ldy, ly = 0, ldz = 0, ldb;
  int64_t rows, cols;
  napi_valuetype kind;
  CHECK(get_f32(env, argv[0], &dy, &ldy));
  CHECK(napi_typeof(env, argv[1], &kind));
  if (kind != napi_null) CHECK(get_f32(env, argv[1], &y, &ly));
  CHECK(get_i64(env, argv[2], &rows));
  CHECK(get_i64(env, argv[3], &cols));
  CHECK(napi_typeof(env, argv[4], &kind));
  if (kind != napi_null) CHECK(get_f32(env, argv[4], &dz, &ldz));
  CHECK(get_f32(env, argv[5], &db, &ldb));
  size_t size = (size_t)(rows * cols);
  if (rows < 0 || cols < 0 || size > ldy || (size_t)cols > ldb || (y && (size > ly || !dz || size > ldz))) {
    napi_throw_range_error(env, NULL, "vaec_blas.denseGrad: an operand is smaller than its shape");
    return NULL;
  }
  for (int64_t j = 0; j < cols; j++) db[j] = 0.0f;
  for (int64_t r = 0; r < rows; r++) {
    const float *g = dy + r * cols;
    if (y) {
      const float *yr = y + r * cols;
      float *d = dz + r * cols;
      for (int64_t j = 0; j < cols; j++) {
        const float v = yr[j] > 0.0f ? g[j] : 0.0f;
        d[j] = v;
        db[j] += v;
      }
    } else {
      for (int64_t j = 0; j < cols; j++) db[j] += g[j];
    }
  }
  return NULL;
}

/* tcRows(z, mu, logvar, logW, B, N, D, out) and tcGrad(z, mu, logvar, logW, dy, B, N, D, dz,
 * dmu, dlogvar, dlogW): the total-correlation term of fused-tc.ts. */
static napi_value tc_call(napi_env env, napi_callback_info info, int grad) {
  size_t argc = 13;
  napi_value argv[13];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const size_t arrays_in = grad ? 5 : 4, first_int = arrays_in;
  if (argc != (grad ? 12 : 8)) {
    napi_throw_error(env, NULL, "vaec_blas.tc: wrong number of arguments");
    return NULL;
  }
  float *a[9];
  size_t len[9];
  int64_t dims[3];
  for (size_t i = 0; i < arrays_in; i++) CHECK(get_f32(env, argv[i], &a[i], &len[i]));
  for (size_t i = 0; i < 3; i++) CHECK(get_i64(env, argv[first_int + i], &dims[i]));
  const size_t outs = grad ? 4 : 1;
  for (size_t i = 0; i < outs; i++)
    CHECK(get_f32(env, argv[first_int + 3 + i], &a[arrays_in + i], &len[arrays_in + i]));
  if (dims[0] < 0 || dims[1] < 0 || dims[2] < 0) {
    napi_throw_range_error(env, NULL, "vaec_blas.tc: negative size");
    return NULL;
  }
  const size_t B = (size_t)dims[0], N = (size_t)dims[1], D = (size_t)dims[2];
  size_t need[9] = {B * D, N * D, N * D, B * N, B, 0, 0, 0, 0};
  if (grad) {
    need[5] = B * D, need[6] = N * D, need[7] = N * D, need[8] = B * N;
  } else {
    need[4] = B;
  }
  for (size_t i = 0; i < arrays_in + outs; i++)
    if (len[i] < need[i]) {
      napi_throw_range_error(env, NULL, "vaec_blas.tc: an operand is smaller than its shape");
      return NULL;
    }
  int ok = grad ? vaec_tc_grad(a[0], a[1], a[2], a[3], a[4], B, N, D, a[5], a[6], a[7], a[8])
                : vaec_tc_rows(a[0], a[1], a[2], a[3], B, N, D, a[4]);
  if (!ok) napi_throw_error(env, NULL, "vaec_blas.tc: out of memory");
  return NULL;
}

static napi_value tc_rows(napi_env env, napi_callback_info info) { return tc_call(env, info, 0); }
static napi_value tc_grad(napi_env env, napi_callback_info info) { return tc_call(env, info, 1); }

/* setThreads(n, ownSplit): the addon's threads (0 leaves them as they are). With ownSplit the
 * addon splits each large product itself and OpenBLAS runs on one thread per call; without,
 * OpenBLAS's own pool gets the n threads. Returns the threads in use. */
static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int64_t n;
  bool split = false;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(get_i64(env, argv[0], &n));
  if (argc > 1) CHECK(napi_get_value_bool(env, argv[1], &split));
  if (n > 0) {
    own_split = split;
    openblas_set_num_threads(split ? 1 : (int)n);
    vaec_set_threads((int)n);
  }
  napi_value out;
  CHECK(napi_create_int32(env, vaec_threads(), &out));
  return out;
}

static napi_value config(napi_env env, napi_callback_info info) {
  napi_value out;
  CHECK(napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &out));
  return out;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"sgemm", NULL, sgemm, NULL, NULL, NULL, napi_default, NULL},
      {"biasActivation", NULL, bias_activation, NULL, NULL, NULL, napi_default, NULL},
      {"adam", NULL, adam, NULL, NULL, NULL, napi_default, NULL},
      {"bernoulliLogLik", NULL, bernoulli_loglik, NULL, NULL, NULL, napi_default, NULL},
      {"bernoulliGrad", NULL, bernoulli_grad, NULL, NULL, NULL, napi_default, NULL},
      {"denseGrad", NULL, dense_grad, NULL, NULL, NULL, napi_default, NULL},
      {"tcRows", NULL, tc_rows, NULL, NULL, NULL, napi_default, NULL},
      {"tcGrad", NULL, tc_grad, NULL, NULL, NULL, napi_default, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_default, NULL},
      {"config", NULL, config, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) return NULL;
  return exports;
}
