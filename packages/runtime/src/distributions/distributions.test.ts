import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { bernoulliLogDensity } from "./bernoulli.js";
import {
  diagonalNormal,
  klDiagonalNormal,
  normalLogDensity,
  sampleNormal,
  standardNormalLike,
} from "./normal.js";
import { normalLikelihoodLogDensity } from "./normal-likelihood.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe("diagonal Normal", () => {
  it("log-density matches the closed form", () => {
    const mean = [0.3, -1.2];
    const logVar = [Math.log(0.5), Math.log(2)];
    const z = [1.1, 0.4];
    let expected = 0;
    for (let k = 0; k < 2; k++) {
      const v = Math.exp(logVar[k]);
      expected += -0.5 * Math.log(2 * Math.PI * v) - (z[k] - mean[k]) ** 2 / (2 * v);
    }
    const got = tf.tidy(() =>
      normalLogDensity(
        tf.tensor2d([z]),
        diagonalNormal(tf.tensor2d([mean]), tf.tensor2d([logVar])),
      ),
    );
    expect(values(got)[0]).toBeCloseTo(expected, 5);
    got.dispose();
  });

  it("KL between diagonals matches the closed form, is zero for equal arguments", () => {
    const [m1, v1, m2, v2] = [0.5, 0.3, -0.2, 1.7];
    const expected = 0.5 * (Math.log(v2 / v1) + (v1 + (m1 - m2) ** 2) / v2 - 1);
    const [kl, self] = tf.tidy(() => {
      const q = diagonalNormal(
        tf.tensor2d([[m1, m1]]),
        tf.tensor2d([[Math.log(v1), Math.log(v1)]]),
      );
      const p = diagonalNormal(
        tf.tensor2d([[m2, m2]]),
        tf.tensor2d([[Math.log(v2), Math.log(v2)]]),
      );
      return [klDiagonalNormal(q, p), klDiagonalNormal(q, q)];
    });
    expect(values(kl)[0]).toBeCloseTo(2 * expected, 5);
    expect(values(self)[0]).toBeCloseTo(0, 6);
    tf.dispose([kl, self]);
  });

  it("KL to a constant N(0, 1) prior broadcasts", () => {
    const kl = tf.tidy(() =>
      klDiagonalNormal(
        diagonalNormal(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, Math.log(4)]])),
        standardNormalLike(0, 1),
      ),
    );
    // 0.5 * (1 + 1 - 1 - 0) + 0.5 * (4 - 1 - log 4)
    expect(values(kl)[0]).toBeCloseTo(0.5 + 0.5 * (3 - Math.log(4)), 5);
    kl.dispose();
  });

  it("reparameterised samples have the right moments", () => {
    const [mean, std] = tf.tidy(() => {
      const eps = tf.randomNormal([20000, 1], 0, 1, "float32", 7);
      const z = sampleNormal(diagonalNormal(tf.scalar(2), tf.scalar(Math.log(0.25))), eps);
      const moments = tf.moments(z);
      return [moments.mean, tf.sqrt(moments.variance)];
    });
    expect(values(mean)[0]).toBeCloseTo(2, 1);
    expect(values(std)[0]).toBeCloseTo(0.5, 1);
    tf.dispose([mean, std]);
  });
});

describe("likelihoods", () => {
  it("Bernoulli on logits matches log sigmoid, stable for large logits", () => {
    const logits = [2, -3, 80];
    const x = [1, 0, 1];
    const sig = (l: number) => 1 / (1 + Math.exp(-l));
    const expected = Math.log(sig(2)) + Math.log(1 - sig(-3)) + 0;
    const got = tf.tidy(() => bernoulliLogDensity(tf.tensor2d([x]), tf.tensor2d([logits])));
    expect(values(got)[0]).toBeCloseTo(expected, 4);
    got.dispose();
  });

  it("Normal likelihood matches the closed form with fixed and per-dimension scales", () => {
    const x = [0.2, 0.9];
    const mean = [0.5, 0.5];
    const scales = [0.1, 0.3];
    let expected = 0;
    for (let k = 0; k < 2; k++) {
      expected +=
        -0.5 * Math.log(2 * Math.PI) -
        Math.log(scales[k]) -
        (x[k] - mean[k]) ** 2 / (2 * scales[k] ** 2);
    }
    const got = tf.tidy(() =>
      normalLikelihoodLogDensity(
        tf.tensor2d([x]),
        tf.tensor2d([mean]),
        tf.tensor1d(scales.map(Math.log)),
      ),
    );
    expect(values(got)[0]).toBeCloseTo(expected, 4);
    got.dispose();
  });
});
