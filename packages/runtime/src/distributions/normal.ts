import * as tf from "@tensorflow/tfjs-core";

/*
 * Diagonal Normal distributions, one per row: `mean` and `logVar` are [batch, dims] (or scalars
 * that broadcast, for constant priors such as Normal(0, 1)).
 */
export interface DiagonalNormal {
  kind: "normal";
  mean: tf.Tensor;
  logVar: tf.Tensor;
}

const LOG_2PI = Math.log(2 * Math.PI);

export function diagonalNormal(mean: tf.Tensor, logVar: tf.Tensor): DiagonalNormal {
  return { kind: "normal", mean, logVar };
}

export function standardNormalLike(mean: number, std: number): DiagonalNormal {
  return diagonalNormal(tf.scalar(mean), tf.scalar(2 * Math.log(std)));
}

/** Elementwise log N(z; mean, exp(logVar)): same shape as z. */
export function normalLogDensityElementwise(z: tf.Tensor, dist: DiagonalNormal): tf.Tensor {
  return tf.tidy(() => {
    const diff = tf.sub(z, dist.mean);
    const quad = tf.div(tf.square(diff), tf.exp(dist.logVar));
    return tf.mul(-0.5, tf.add(tf.add(quad, dist.logVar), LOG_2PI));
  });
}

/** log N(z; mean, diag) summed over the last axis: [batch]. */
export function normalLogDensity(z: tf.Tensor, dist: DiagonalNormal): tf.Tensor1D {
  return tf.tidy(() => tf.sum(normalLogDensityElementwise(z, dist), -1) as tf.Tensor1D);
}

/** Analytic KL(q || p) between diagonal Normals, summed over the last axis: [batch]. */
export function klDiagonalNormal(q: DiagonalNormal, p: DiagonalNormal): tf.Tensor1D {
  return tf.tidy(() => tf.sum(klDiagonalNormalPerDim(q, p), -1) as tf.Tensor1D);
}

/** Analytic KL(q_k || p_k) of each dimension k of diagonal Normals: [batch, dims]. */
export function klDiagonalNormalPerDim(q: DiagonalNormal, p: DiagonalNormal): tf.Tensor2D {
  return tf.tidy(() => {
    const varRatio = tf.exp(tf.sub(q.logVar, p.logVar));
    const meanTerm = tf.div(tf.square(tf.sub(q.mean, p.mean)), tf.exp(p.logVar));
    return tf.mul(
      0.5,
      tf.sub(tf.add(tf.add(varRatio, meanTerm), tf.sub(p.logVar, q.logVar)), 1),
    ) as tf.Tensor2D;
  });
}

/** Reparameterised sample: mean + exp(logVar / 2) * eps, with eps ~ N(0, I) supplied by the caller. */
export function sampleNormal(dist: DiagonalNormal, eps: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(dist.mean, tf.mul(tf.exp(tf.mul(0.5, dist.logVar)), eps)));
}

/** Splits a network output [batch, 2 * dims] into a Normal: first half the mean, second log-variance
 * or a softplus scale. */
export function normalFromNetwork(
  output: tf.Tensor2D,
  parameterisation: "logvar" | "softplus",
): DiagonalNormal {
  const dims = output.shape[1] / 2;
  const [mean, second] = tf.split(output, [dims, dims], 1);
  if (parameterisation === "logvar") return diagonalNormal(mean, second);
  // Small floor so a collapsing softplus never gives log(0).
  const scale = tf.add(tf.softplus(second), 1e-4);
  return diagonalNormal(mean, tf.mul(2, tf.log(scale)));
}
