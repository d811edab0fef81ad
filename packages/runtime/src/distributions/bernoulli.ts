import * as tf from "@tensorflow/tfjs-core";

/** log Bernoulli(x; sigmoid(logits)) summed over the last axis, stable for large |logits|:
 * x * l - softplus(l). Valid for x in [0, 1] (the continuous relaxation used for greyscale data). */
export function bernoulliLogDensity(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)), -1) as tf.Tensor1D);
}

export function bernoulliMean(logits: tf.Tensor): tf.Tensor {
  return tf.sigmoid(logits);
}
