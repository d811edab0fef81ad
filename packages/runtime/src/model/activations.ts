import * as tf from "@tensorflow/tfjs-core";
import type { Activation } from "@vaec/compiler";

export function applyActivation(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case "relu":
      return tf.relu(x);
    case "elu":
      return tf.elu(x);
    case "tanh":
      return tf.tanh(x);
    case "softplus":
      return tf.softplus(x);
    case "leaky_relu":
      return tf.leakyRelu(x, 0.2);
    case "sigmoid":
      return tf.sigmoid(x);
    case "swish":
      return tf.mul(x, tf.sigmoid(x));
  }
}
