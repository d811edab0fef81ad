import * as tf from "@tensorflow/tfjs-core";
// The attacks differentiate: make sure tfjs-core has its gradients in Node.
import "../backend/register-gradients.js";

/*
 * Closed forms between diagonal Gaussians, per row (summed over the last axis): [batch].
 */

export interface Gaussian {
  mean: tf.Tensor;
  logVar: tf.Tensor;
}

/** KL(q || p) = 1/2 sum [ log vp - log vq + (vq + (mq - mp)^2) / vp - 1 ]. */
export function klGaussian(q: Gaussian, p: Gaussian): tf.Tensor1D {
  return tf.tidy(() => {
    const diff = tf.sub(q.mean, p.mean);
    const ratio = tf.exp(tf.sub(q.logVar, p.logVar));
    const mahalanobis = tf.mul(tf.square(diff), tf.exp(tf.neg(p.logVar)));
    const perDim = tf.sub(tf.add(tf.sub(ratio, tf.sub(q.logVar, p.logVar)), mahalanobis), 1);
    return tf.mul(0.5, tf.sum(perDim, -1)) as tf.Tensor1D;
  });
}

/** Below this the square root's derivative is cut off (W2 is exactly 0 only when q = p). */
const W2_FLOOR = 1e-12;

/**
 * 2-Wasserstein distance between diagonal Gaussians: sqrt(||m1 - m2||^2 + ||s1 - s2||^2), with s
 * the standard deviations exp(logVar / 2).
 */
export function w2Gaussian(a: Gaussian, b: Gaussian): tf.Tensor1D {
  return tf.tidy(() => {
    const dm = tf.sum(tf.square(tf.sub(a.mean, b.mean)), -1);
    const ds = tf.sum(
      tf.square(tf.sub(tf.exp(tf.mul(0.5, a.logVar)), tf.exp(tf.mul(0.5, b.logVar)))),
      -1,
    );
    return tf.sqrt(tf.add(tf.add(dm, ds), W2_FLOOR)) as tf.Tensor1D;
  });
}

/**
 * ||d|| per row, smoothed as sqrt(||d||^2 + eps^2) so its gradient exists at d = 0 (where it is 0,
 * the minimum-norm subgradient). eps = 0 gives the exact norm (for reporting, not optimising).
 */
export function distortionNorm(d: tf.Tensor2D, eps: number): tf.Tensor1D {
  return tf.tidy(() => tf.sqrt(tf.add(tf.sum(tf.square(d), 1), eps * eps)) as tf.Tensor1D);
}
