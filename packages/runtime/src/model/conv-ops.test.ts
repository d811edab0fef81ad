import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "../backend/register-gradients.js";
import { beforeAll, describe, expect, it } from "vitest";
import { convGeometry } from "./conv-geometry.js";
import { col2im, conv2dSame, conv2dTransposeSame, im2col } from "./conv-ops.js";

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

  for (const [size, kernel, stride, outSize] of [
    [4, 4, 2, 8],
    [4, 3, 2, 7],
    [6, 3, 1, 6],
    [3, 5, 3, 9],
    [3, 4, 2, 5],
  ]) {
    it(`conv2dTranspose ${size} -> ${outSize}, kernel ${kernel}, stride ${stride}: value and gradients equal tfjs'`, () => {
      tf.tidy(() => {
        const x = tf.randomNormal([2, size, size, 5], 0, 1, "float32", 3) as tf.Tensor4D;
        const w = tf.randomNormal([kernel, kernel, 3, 5], 0, 1, "float32", 4) as tf.Tensor4D;
        const shape: [number, number, number, number] = [2, outSize, outSize, 3];
        const transpose = (a: tf.Tensor4D, b: tf.Tensor4D) =>
          tf.conv2dTranspose(a, b, shape, stride, "same");
        const loss = (f: typeof transpose) => (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.square(f(a as tf.Tensor4D, b as tf.Tensor4D)));
        const ours = (a: tf.Tensor4D, b: tf.Tensor4D) => conv2dTransposeSame(a, b, shape, stride);
        expect(maxDiff(ours(x, w), transpose(x, w))).toBeLessThan(1e-4);
        const [gx, gw] = tf.grads(loss(ours))([x, w]);
        const [ex, ew] = tf.grads(loss(transpose))([x, w]);
        expect(maxDiff(gx, ex)).toBeLessThan(1e-3);
        expect(maxDiff(gw, ew)).toBeLessThan(1e-3);
      });
    });
  }

  it("col2im is the adjoint of im2col: <im2col(x), p> = <x, col2im(p)>", () => {
    tf.tidy(() => {
      const g = convGeometry(2, 7, 5, 4, 2);
      const x = tf.randomNormal([2, 7, 5, 3], 0, 1, "float32", 5) as tf.Tensor4D;
      const cols = im2col(x, g);
      expect(cols.shape).toEqual([2 * 4 * 3, 16 * 3]);
      const p = tf.randomNormal(cols.shape, 0, 1, "float32", 6) as tf.Tensor2D;
      const left = tf.sum(tf.mul(cols, p)).dataSync()[0];
      const right = tf.sum(tf.mul(x, col2im(p, g))).dataSync()[0];
      expect(Math.abs(left - right)).toBeLessThan(1e-3 * Math.max(1, Math.abs(left)));
    });
  });
});
