import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { distortionNorm, klGaussian, w2Gaussian } from "./divergences.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const g = (mean: number[][], variance: number[][]) => ({
  mean: tf.tensor2d(mean),
  logVar: tf.log(tf.tensor2d(variance)),
});

describe("closed forms", () => {
  it("KL between diagonal Gaussians matches the textbook formula", () => {
    // KL(N(0, 1) || N(1, 4)) = log 2 + (1 + 1) / 8 - 1/2.
    const one = klGaussian(g([[0]], [[1]]), g([[1]], [[4]])).arraySync();
    expect(one[0]).toBeCloseTo(Math.log(2) + 0.25 - 0.5, 6);
    // Sums over dims; per row; KL(q || q) = 0.
    const q = g(
      [
        [0.3, -1, 2],
        [1, 1, 1],
      ],
      [
        [0.5, 2, 1],
        [1, 1, 1],
      ],
    );
    const p = g(
      [
        [0, 0, 0],
        [1, 1, 1],
      ],
      [
        [1, 3, 0.25],
        [1, 1, 1],
      ],
    );
    const expected = (m1: number[], v1: number[], m2: number[], v2: number[]) =>
      m1.reduce(
        (s, _, i) =>
          s + 0.5 * (Math.log(v2[i] / v1[i]) + (v1[i] + (m1[i] - m2[i]) ** 2) / v2[i] - 1),
        0,
      );
    const kl = klGaussian(q, p).arraySync();
    expect(kl[0]).toBeCloseTo(expected([0.3, -1, 2], [0.5, 2, 1], [0, 0, 0], [1, 3, 0.25]), 5);
    expect(kl[1]).toBeCloseTo(0, 6);
  });

  it("W2 between diagonal Gaussians is sqrt(|m1 - m2|^2 + |s1 - s2|^2) with s the standard deviations", () => {
    // 1-D: W2(N(0, 1), N(3, 4)) = sqrt(9 + (1 - 2)^2).
    expect(w2Gaussian(g([[0]], [[1]]), g([[3]], [[4]])).arraySync()[0]).toBeCloseTo(
      Math.sqrt(10),
      5,
    );
    const w = w2Gaussian(g([[1, 2]], [[4, 9]]), g([[0, 0]], [[1, 1]])).arraySync()[0];
    // means: 1 + 4; std devs: (2 - 1)^2 + (3 - 1)^2 = 5.
    expect(w).toBeCloseTo(Math.sqrt(10), 5);
    expect(w2Gaussian(g([[1]], [[2]]), g([[1]], [[2]])).arraySync()[0]).toBeLessThan(1e-5);
  });

  it("smooths ||d|| only at the origin", () => {
    const d = tf.tensor2d([
      [3, 4],
      [0, 0],
    ]);
    expect(distortionNorm(d, 0).arraySync()).toEqual([5, 0]);
    const grad = tf
      .grad((x: tf.Tensor) => tf.sum(distortionNorm(x as tf.Tensor2D, 1e-6)))(d)
      .arraySync() as number[][];
    expect(grad[0][0]).toBeCloseTo(0.6, 5);
    expect(grad[1]).toEqual([0, 0]);
  });
});
