import * as tf from "@tensorflow/tfjs-core";

/*
 * 2-d convolution and transposed convolution ("same" padding, NHWC) whose filter gradients are
 * computed here, as im2col patches times the upstream gradient (one matMul), instead of by the
 * `Conv2DBackpropFilter` kernel: the wasm backend of tfjs 4.22 has no such kernel, and the matMul
 * runs on the backend's fast path. Forward passes and input gradients use tfjs' own kernels.
 */

/** tfjs' "same" padding: output ceil(in / s), the total padding split with the extra at the end. */
function samePadding(input: number, output: number, kernel: number, stride: number): number {
  return Math.floor(Math.max((output - 1) * stride + kernel - input, 0) / 2);
}

/**
 * The k x k patches of `x` ([B, H, W, C]) read by a stride-s "same" convolution with output
 * outH x outW, as rows [B * outH * outW, k * k * C] ordered (ki, kj, c) like a [k, k, C, N] filter.
 */
export function extractPatches(
  x: tf.Tensor4D,
  kernel: number,
  stride: number,
  outH: number,
  outW: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, height, width, channels] = x.shape;
    const top = samePadding(height, outH, kernel, stride);
    const left = samePadding(width, outW, kernel, stride);
    // Pad so every offset's window of stride * out rows fits (rows past the edge are never read).
    const bottom = Math.max(0, kernel - 1 + stride * outH - (height + top));
    const right = Math.max(0, kernel - 1 + stride * outW - (width + left));
    const padded = tf.pad(x, [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ]);
    const columns: tf.Tensor4D[] = [];
    for (let i = 0; i < kernel; i++) {
      for (let j = 0; j < kernel; j++) {
        let window: tf.Tensor = tf.slice(
          padded,
          [0, i, j, 0],
          [batch, stride * outH, stride * outW, channels],
        );
        if (stride > 1) {
          // Every stride-th row, then every stride-th column, through reshapes and plain slices.
          window = tf.reshape(window, [batch * outH, stride, stride * outW * channels]);
          window = tf.slice(window, [0, 0, 0], [-1, 1, -1]);
          window = tf.reshape(window, [batch * outH * outW, stride * channels]);
          window = tf.slice(window, [0, 0], [-1, channels]);
        }
        columns.push(tf.reshape(window, [batch, outH, outW, channels]));
      }
    }
    return tf.reshape(tf.concat(columns, 3), [batch * outH * outW, kernel * kernel * channels]);
  });
}

/** d loss / d filter of a "same" conv of `input` whose output gradient is `dy` ([B, oh, ow, N]). */
function filterGradient(
  input: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  stride: number,
) {
  return tf.tidy(() => {
    const [, outH, outW, outChannels] = dy.shape;
    const patches = extractPatches(input, filterShape[0], stride, outH, outW);
    const grad = tf.matMul(patches, tf.reshape(dy, [-1, outChannels]), true, false);
    return tf.reshape(grad, filterShape);
  });
}

/** conv2d(x, filter [k, k, C, N], stride, "same"). */
export function conv2dSame(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  const op = tf.customGrad((...args: unknown[]) => {
    const [input, weights, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([input, weights]);
    return {
      value: tf.conv2d(input, weights, stride, "same"),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedWeights] = saved as [tf.Tensor4D, tf.Tensor4D];
        const shape = savedWeights.shape as [number, number, number, number];
        return [
          tf.conv2dTranspose(dy as tf.Tensor4D, savedWeights, savedInput.shape, stride, "same"),
          filterGradient(savedInput, dy as tf.Tensor4D, shape, stride),
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
  outputShape: [number, number, number, number],
  stride: number,
): tf.Tensor4D {
  const op = tf.customGrad((...args: unknown[]) => {
    const [input, weights, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([input, weights]);
    return {
      value: tf.conv2dTranspose(input, weights, outputShape, stride, "same"),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedWeights] = saved as [tf.Tensor4D, tf.Tensor4D];
        const shape = savedWeights.shape as [number, number, number, number];
        // The transpose's filter gradient is the conv filter gradient with input and output swapped.
        return [
          tf.conv2d(dy as tf.Tensor4D, savedWeights, stride, "same"),
          filterGradient(dy as tf.Tensor4D, savedInput, shape, stride),
        ];
      },
    };
  });
  return op(x, filter) as tf.Tensor4D;
}
