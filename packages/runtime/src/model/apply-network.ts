import * as tf from "@tensorflow/tfjs-core";
import type { ConvNetwork, Factor, Network } from "@vaec/compiler";
import { denseLayer } from "../backend/fused-dense.js";
import { applyActivation } from "./activations.js";
import { conv2dSame, conv2dTransposeSame } from "./conv-ops.js";
import { imageDims, smallestFeatureMap } from "./parameter-specs.js";
import { getParameter, type VaeModel } from "./vae-model.js";

/*
 * Forward passes of the networks. Inputs are flat [batch, width] rows; images are channels-first
 * in the data vector (as the IR's shapes say) and transposed to tfjs' NHWC only inside conv nets.
 */

function denseLayers(
  model: VaeModel,
  prefix: string,
  input: tf.Tensor2D,
  count: number,
  activation: Network["activation"],
  activateLast: boolean,
  start = 0,
): tf.Tensor2D {
  let h = input;
  for (let i = 0; i < count; i++) {
    const kernel = getParameter(model, `${prefix}/dense${start + i}/kernel`);
    const bias = getParameter(model, `${prefix}/dense${start + i}/bias`);
    const activate = i + 1 < count || activateLast;
    // relu and linear layers are one fused op (backend/fused-dense.ts); others add their own.
    const fused = !activate ? "linear" : activation === "relu" ? "relu" : undefined;
    h = denseLayer(h, kernel as tf.Tensor2D, bias, fused ?? "linear");
    if (!fused) h = applyActivation(h, activation) as tf.Tensor2D;
  }
  return h;
}

function toNhwc(x: tf.Tensor2D, shape: number[]): tf.Tensor4D {
  const { channels, height, width } = imageDims(shape);
  return tf.transpose(tf.reshape(x, [x.shape[0], channels, height, width]), [0, 2, 3, 1]);
}

function fromNhwc(x: tf.Tensor4D): tf.Tensor2D {
  const [batch, height, width, channels] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [batch, channels * height * width]);
}

function convEncoder(
  model: VaeModel,
  prefix: string,
  net: ConvNetwork,
  image: tf.Tensor2D,
  vector: tf.Tensor2D | null,
) {
  let h: tf.Tensor4D = toNhwc(image, net.imageShape);
  net.channels.forEach((_, i) => {
    const kernel = getParameter(model, `${prefix}/conv${i}/kernel`) as tf.Tensor4D;
    const bias = getParameter(model, `${prefix}/conv${i}/bias`);
    h = applyActivation(
      tf.add(conv2dSame(h, kernel, net.stride), bias),
      net.activation,
    ) as tf.Tensor4D;
  });
  let flat: tf.Tensor2D = tf.reshape(h, [h.shape[0], -1]);
  if (vector) flat = tf.concat([flat, vector], 1);
  return denseLayers(model, prefix, flat, net.dense.length + 1, net.activation, false);
}

function convDecoder(
  model: VaeModel,
  prefix: string,
  net: ConvNetwork,
  input: tf.Tensor2D,
): tf.Tensor2D {
  const map = smallestFeatureMap(net);
  const projected = denseLayers(model, prefix, input, net.dense.length + 1, net.activation, true);
  let h: tf.Tensor4D = tf.reshape(projected, [
    input.shape[0],
    map.height,
    map.width,
    net.channels[0],
  ]);
  net.channels.forEach((_, i) => {
    const kernel = getParameter(model, `${prefix}/deconv${i}/kernel`) as tf.Tensor4D;
    const bias = getParameter(model, `${prefix}/deconv${i}/bias`);
    const [height, width] = [h.shape[1] * net.stride, h.shape[2] * net.stride];
    const outChannels = kernel.shape[2];
    h = tf.add(
      conv2dTransposeSame(h, kernel, [h.shape[0], height, width, outChannels], net.stride),
      bias,
    );
    if (i + 1 < net.channels.length) h = applyActivation(h, net.activation) as tf.Tensor4D;
  });
  return fromNhwc(h);
}

/** Runs a factor's network on its parents' values (looked up by name) and returns its raw output. */
export function applyFactorNetwork(
  model: VaeModel,
  factor: Factor,
  values: Map<string, tf.Tensor2D>,
): tf.Tensor2D {
  const net = factor.network;
  if (!net) throw new Error(`factor \`${factor.id}\` has no network`);
  const lookup = (name: string): tf.Tensor2D => {
    const value = values.get(name);
    if (!value)
      throw new Error(`factor \`${factor.id}\` needs \`${name}\`, which has no value yet`);
    return value;
  };
  const concat = (names: string[]): tf.Tensor2D | null => {
    if (names.length === 0) return null;
    const parts = names.map(lookup);
    return parts.length === 1 ? parts[0] : tf.concat(parts, 1);
  };
  if (net.kind === "mlp") {
    const input = concat(factor.given);
    if (!input) throw new Error(`factor \`${factor.id}\` has a network but no inputs`);
    return denseLayers(model, factor.id, input, net.hidden.length + 1, net.activation, false);
  }
  if (net.role === "encoder") {
    const imageName = net.imageInput ?? factor.given[0];
    const vector = concat(factor.given.filter((name) => name !== imageName));
    return convEncoder(model, factor.id, net, lookup(imageName), vector);
  }
  const input = concat(factor.given);
  if (!input) throw new Error(`factor \`${factor.id}\` has a network but no inputs`);
  return convDecoder(model, factor.id, net, input);
}
