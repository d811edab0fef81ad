import * as tf from "@tensorflow/tfjs-core";
import { gatherRows } from "../backend/gather-rows.js";
import {
  col2imIndices,
  convGeometry,
  im2colIndices,
  tapsPerPixel,
  type ConvGeometry,
} from "./conv-geometry.js";

/*
 * 2-d convolution and transposed convolution ("same" padding, NHWC) as matrix products over
 * im2col patches, with their own gradients. tfjs' wasm backend (4.22) has no Conv2DBackpropFilter
 * and runs Conv2DBackpropInput (also the forward pass of a transposed conv) as a scalar loop;
 * here every product is one MatMul, on the backend's fast matmul path, and the patch
 * bookkeeping is one row gather (conv-geometry.ts, backend/gather-rows.ts). Forward convs keep tfjs' own Conv2D (XNNPACK).
 */

type Shape4 = [number, number, number, number];

/** `image` [B, H, W, C] as patch rows [B * oh * ow, k * k * C], ordered (ki, kj, c) like a filter. */
export function im2col(image: tf.Tensor4D, g: ConvGeometry): tf.Tensor2D {
  return tf.tidy(() => {
    const channels = image.shape[3];
    const taps = g.kernel * g.kernel;
    const pixels = gatherRows(tf.reshape(image, [-1, channels]), im2colIndices(g));
    return tf.reshape(pixels, [-1, taps * channels]);
  });
}

/** The adjoint of `im2col`: patch rows [B * oh * ow, k * k * C] summed into an image [B, H, W, C]. */
export function col2im(patches: tf.Tensor2D, g: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const channels = patches.shape[1] / (g.kernel * g.kernel);
    const entries = tf.reshape(patches, [-1, channels]) as tf.Tensor2D;
    const pixels = gatherRows(entries, col2imIndices(g), tapsPerPixel(g));
    return tf.reshape(pixels, [g.batch, g.height, g.width, channels]);
  });
}

const asRows = (t: tf.Tensor) => tf.reshape(t, [-1, t.shape[t.rank - 1]]) as tf.Tensor2D;
const asMatrix = (filter: tf.Tensor4D) => tf.reshape(filter, [-1, filter.shape[3]]) as tf.Tensor2D;

/** conv2d(x, filter [k, k, C, N], stride, "same"). */
export function conv2dSame(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  const op = tf.customGrad((...args: unknown[]) => {
    const [input, weights, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([input, weights]);
    return {
      value: tf.conv2d(input, weights, stride, "same"),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedWeights] = saved as [tf.Tensor4D, tf.Tensor4D];
        const [batch, height, width] = savedInput.shape;
        const g = convGeometry(batch, height, width, savedWeights.shape[0], stride);
        const dyRows = asRows(dy);
        return [
          col2im(tf.matMul(dyRows, asMatrix(savedWeights), false, true), g),
          tf.reshape(tf.matMul(im2col(savedInput, g), dyRows, true, false), savedWeights.shape),
        ];
      },
    };
  });
  return op(x, filter) as tf.Tensor4D;
}

/** conv2dTranspose(x, filter [k, k, N, C], outputShape, stride, "same"): the adjoint of conv2dSame. */
export function conv2dTransposeSame(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  outputShape: Shape4,
  stride: number,
): tf.Tensor4D {
  const [batch, height, width] = outputShape;
  const g = convGeometry(batch, height, width, filter.shape[0], stride);
  const op = tf.customGrad((...args: unknown[]) => {
    const [input, weights, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([input, weights]);
    return {
      value: col2im(tf.matMul(asRows(input), asMatrix(weights), false, true), g),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedWeights] = saved as [tf.Tensor4D, tf.Tensor4D];
        const patches = im2col(dy as tf.Tensor4D, g);
        return [
          tf.reshape(tf.matMul(patches, asMatrix(savedWeights)), savedInput.shape),
          tf.reshape(tf.matMul(patches, asRows(savedInput), true, false), savedWeights.shape),
        ];
      },
    };
  });
  return op(x, filter) as tf.Tensor4D;
}
