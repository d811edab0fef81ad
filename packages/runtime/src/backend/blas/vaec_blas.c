/*
 * vaec's optional native BLAS path: a small N-API addon over the system OpenBLAS, built only by
 * `npm run build:blas` where OpenBLAS's headers are installed (see build-blas.ts). It works on
 * Float32Array views of the wasm backend's heap, so nothing is copied: sgemm reads the operands
 * and writes the result where the wasm backend keeps its tensors.
 */
#include <math.h>
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>
#include <cblas.h>

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
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                (int)m, (int)n, (int)k, 1.0f, a + i * strideA, transA ? (int)m : (int)k,
                b + i * strideB, transB ? (int)k : (int)n, 0.0f, c + i * m * n, (int)n);
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
 * arithmetic as fused-adam.ts (bias corrections folded into rate and eps by the caller). */
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
  const float *p = arrays[0], *g = arrays[1], *m = arrays[2], *v = arrays[3];
  float *p2 = arrays[4], *m2 = arrays[5], *v2 = arrays[6];
  const float r = (float)rate, b1 = (float)beta1, b2 = (float)beta2, e = (float)eps;
  const float c1 = 1.0f - b1, c2 = 1.0f - b2;
  for (size_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = b1 * m[i] + c1 * gi;
    const float vi = b2 * v[i] + c2 * gi * gi;
    m2[i] = mi;
    v2[i] = vi;
    p2[i] = p[i] - r * mi / (sqrtf(vi) + e);
  }
  return NULL;
}

/* setThreads(n): OpenBLAS's thread count (0 leaves OpenBLAS's own default). */
static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int64_t n;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(get_i64(env, argv[0], &n));
  if (n > 0) openblas_set_num_threads((int)n);
  napi_value out;
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &out));
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
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_default, NULL},
      {"config", NULL, config, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) return NULL;
  return exports;
}
