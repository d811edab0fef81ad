import * as tf from "@tensorflow/tfjs-core";
import { fusedTcRows } from "../backend/fused-tc.js";
import { logSumExp } from "../backend/log-sum-exp.js";
import { normalLogDensityElementwise, type DiagonalNormal } from "../distributions/normal.js";

/*
 * Total correlation of the aggregate posterior of one latent layer (Chen et al. 2018), estimated
 * on a minibatch of B samples z_b ~ q(z | n_b) from a dataset of N points (docs/design.md, "The maths"):
 *   TC ~= mean_b [ log q(z_b) - sum_k log q(z_bk) ]
 * MWS: log q(z_b) ~= logsumexp_n sum_k log q(z_bk | n) - log(B N), and the same per dimension.
 * MSS: the same sums with importance weights W[b, n] in place of 1 / (B N).
 */

export type TcEstimator = "mws" | "mss";

/**
 * MSS importance weights, B x B, row-major. W[b, b] = 1/N; W[b, (b + 1) mod B] = (N - M)/(N M)
 * with M = B - 1; every other entry 1/M, so each row sums to 1. (The widely copied reference code
 * fills a flattened B x B matrix with stride M + 1 = B, so 1/N lands in column 0 of every row
 * instead of on the diagonal, and its one patched entry W[M - 1, 0] leaves row M - 1 summing to
 * 2 (N - M)/(N M) + (B - 2)/M rather than 1.)
 */
export function mssWeights(batch: number, datasetSize: number): Float64Array {
  const weights = new Float64Array(batch * batch);
  if (batch === 1) {
    weights[0] = 1;
    return weights;
  }
  const m = batch - 1;
  if (datasetSize < m)
    throw new Error(
      `MSS needs a dataset (${datasetSize}) at least as large as the batch minus one (${m})`,
    );
  const n = datasetSize;
  weights.fill(1 / m);
  for (let b = 0; b < batch; b++) {
    weights[b * batch + b] = 1 / n;
    weights[b * batch + ((b + 1) % batch)] = (n - m) / (n * m);
  }
  return weights;
}

function logWeights(estimator: TcEstimator, batch: number, datasetSize: number): tf.Tensor2D {
  if (estimator === "mws")
    return tf.fill([batch, batch], -Math.log(batch * datasetSize)) as tf.Tensor2D;
  const weights = mssWeights(batch, datasetSize);
  return tf.tensor2d(
    Float32Array.from(weights, (w) => Math.log(w)),
    [batch, batch],
  );
}

/** log q(z_b | n) per dimension for every pair (b, n): [B, B, d]. */
export function pairwiseLogDensity(z: tf.Tensor2D, q: DiagonalNormal): tf.Tensor3D {
  return tf.tidy(() => {
    const dist = {
      kind: "normal" as const,
      mean: tf.expandDims(q.mean, 0),
      logVar: tf.expandDims(q.logVar, 0),
    };
    return normalLogDensityElementwise(tf.expandDims(z, 1), dist) as tf.Tensor3D;
  });
}

/** Estimated log q(z_b) and sum_k log q(z_bk), each [B]. */
export function aggregateLogDensities(
  z: tf.Tensor2D,
  q: DiagonalNormal,
  datasetSize: number,
  estimator: TcEstimator,
): { logQz: tf.Tensor1D; logQzProduct: tf.Tensor1D } {
  return tf.tidy(() => {
    const batch = z.shape[0];
    const logPairs = pairwiseLogDensity(z, q);
    const logW = logWeights(estimator, batch, datasetSize);
    // logSumExp: tfjs's, with the softmax as its gradient on the fast path (VAEC_LOGSUMEXP_GRAD).
    const logQz = logSumExp(tf.add(tf.sum(logPairs, 2), logW), 1) as tf.Tensor1D;
    const marginals = logSumExp(tf.add(logPairs, tf.expandDims(logW, 2)), 1);
    return { logQz, logQzProduct: tf.sum(marginals, 1) as tf.Tensor1D };
  });
}

/** The TC estimate for one minibatch: a scalar. `q` holds each sample's own conditional. */
export function estimateTotalCorrelation(
  z: tf.Tensor2D,
  q: DiagonalNormal,
  datasetSize: number,
  estimator: TcEstimator,
): tf.Scalar {
  return tf.tidy(() => {
    // One op on the fast path (VAEC_FUSED_TC): the same terms, one loop each way.
    const logW = logWeights(estimator, z.shape[0], datasetSize);
    const rows = fusedTcRows(z, q.mean, q.logVar, logW);
    if (rows) return tf.mean(rows) as tf.Scalar;
    const { logQz, logQzProduct } = aggregateLogDensities(z, q, datasetSize, estimator);
    return tf.mean(tf.sub(logQz, logQzProduct)) as tf.Scalar;
  });
}
