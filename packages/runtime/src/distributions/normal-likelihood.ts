import * as tf from "@tensorflow/tfjs-core";

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(x; mean, scale^2) summed over the last axis; `logScale` is a scalar or broadcasts per dim. */
export function normalLikelihoodLogDensity(
  x: tf.Tensor,
  mean: tf.Tensor,
  logScale: tf.Tensor,
): tf.Tensor1D {
  return tf.tidy(() => {
    const z = tf.div(tf.sub(x, mean), tf.exp(logScale));
    const perDim = tf.sub(tf.mul(-0.5, tf.add(tf.square(z), LOG_2PI)), logScale);
    return tf.sum(perDim, -1) as tf.Tensor1D;
  });
}
