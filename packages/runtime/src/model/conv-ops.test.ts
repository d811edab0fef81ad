import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "../backend/register-gradients.js";
import { beforeAll, describe, expect, it } from "vitest";
import { conv2dSame, conv2dTransposeSame } from "./conv-ops.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];

describe("conv ops with their own filter gradients", () => {
  for (const [size, kernel, stride] of [
    [8, 4, 2],
    [7, 3, 2],
    [6, 3, 1],
    [9, 5, 3],
  ]) {
    it(`conv2d ${size}x${size}, kernel ${kernel}, stride ${stride}: value and gradients equal tfjs'`, () => {
      tf.tidy(() => {
        const x = tf.randomNormal([2, size, size, 3], 0, 1, "float32", 1) as tf.Tensor4D;
        const w = tf.randomNormal([kernel, kernel, 3, 5], 0, 1, "float32", 2) as tf.Tensor4D;
        const loss = (f: typeof conv2dSame) => (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.square(f(a as tf.Tensor4D, b as tf.Tensor4D, stride)));
        const ours = tf.grads(loss(conv2dSame));
        const theirs = tf.grads(loss((a, b, s) => tf.conv2d(a, b, s, "same")));
        expect(maxDiff(conv2dSame(x, w, stride), tf.conv2d(x, w, stride, "same"))).toBeLessThan(
          1e-4,
        );
        const [gx, gw] = ours([x, w]);
        const [ex, ew] = theirs([x, w]);
        expect(maxDiff(gx, ex)).toBeLessThan(1e-3);
        expect(maxDiff(gw, ew)).toBeLessThan(1e-3);
      });
    });
  }

  it("conv2dTranspose: value and gradients equal tfjs'", () => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 4, 4, 5], 0, 1, "float32", 3) as tf.Tensor4D;
      const w = tf.randomNormal([4, 4, 3, 5], 0, 1, "float32", 4) as tf.Tensor4D;
      const shape: [number, number, number, number] = [2, 8, 8, 3];
      const ours = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(conv2dTransposeSame(a as tf.Tensor4D, b as tf.Tensor4D, shape, 2))),
      );
      const theirs = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, shape, 2, "same"))),
      );
      const [gx, gw] = ours([x, w]);
      const [ex, ew] = theirs([x, w]);
      expect(maxDiff(gx, ex)).toBeLessThan(1e-3);
      expect(maxDiff(gw, ew)).toBeLessThan(1e-3);
    });
  });
});
