import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { normalQuantile } from "./normal-quantile.js";
import { beforeAll, describe, expect, it } from "vitest";
import { robustnessMargins, summarizeMargins } from "./robustness-margin.js";
import { LinearGaussianView } from "../../test-support/linear-gaussian-view.js";
import { LinearDecoderView } from "../../test-support/linear-decoder-view.js";

/*
 * On q(z | x) = N(x A + b, s^2 I) with 2 code dimensions and a decoder that is an isometry,
 * ||Delta|| = s ||eps|| with ||eps||^2 ~ chi^2_2, so p(||Delta|| <= r) = 1 - exp(-r^2 / (2 s^2))
 * and the bound is s Phi^-1(p) / ||A||_F exactly.
 */

const W = [
  [0.6, 0.8, 0, 0, 0, 0],
  [0, 0, 0.6, -0.8, 0, 0],
];
const A = [
  [1.0, -0.5],
  [0.2, 0.3],
  [-0.4, 0.8],
  [0.0, 0.1],
  [0.7, -0.2],
  [0.3, 0.6],
];
const s = 0.3;
const x = Float32Array.from({ length: 3 * 6 }, (_, i) => ((i * 7) % 10) / 10);
const frobenius = (a: number[][]) => Math.sqrt(a.flat().reduce((t, v) => t + v * v, 0));
const radiusFor = (p: number) => s * Math.sqrt(-2 * Math.log(1 - p));

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("robustnessMargins on a linear-Gaussian encoder", () => {
  it("matches the closed form", async () => {
    const view = new LinearDecoderView(A, [0.1, -0.2], [s, s], W);
    const before = tf.memory().numTensors;
    const margins = await robustnessMargins(view, x, {
      layers: ["z"],
      radius: radiusFor(0.8),
      samples: 20000,
      seed: 5,
      chunk: 2,
    });
    expect(tf.memory().numTensors).toBe(before);
    view.dispose();
    const expected = (s * normalQuantile(0.8)) / frobenius(A);
    for (const m of margins) {
      expect(m.jacobianNorm).toBeCloseTo(frobenius(A), 5);
      expect(m.minSigma).toBeCloseTo(s, 6);
      // Standard error of the estimate at p = 0.8 and 20,000 draws: 0.0028.
      expect(Math.abs(m.pRobust - 0.8)).toBeLessThan(0.012);
      expect(m.margin / expected).toBeGreaterThan(0.95);
      expect(m.margin / expected).toBeLessThan(1.05);
    }
  });

  it("uses the smallest posterior scale", async () => {
    const view = new LinearDecoderView(A, [0, 0], [0.5, 0.2], W);
    const [m] = await robustnessMargins(view, x.subarray(0, 6), {
      layers: ["z"],
      radius: 10,
      samples: 50,
      seed: 1,
    });
    view.dispose();
    expect(m.minSigma).toBeCloseTo(0.2, 6);
    // Every draw is within r = 10, so p = (50 + 1/2) / 51.
    expect(m.pRobust).toBeCloseTo(50.5 / 51, 12);
    expect(m.margin).toBeCloseTo((0.2 * normalQuantile(50.5 / 51)) / frobenius(A), 5);
  });

  it("is a lower bound on the true margin", async () => {
    // Rank-one A: the worst perturbation moves the mean along one direction by ||a|| ||delta||.
    const a = [0.5, -1, 0.25, 0, 0.5, 0.1];
    const rankOne = a.map((v) => [v * 0.6, v * 0.8]);
    const view = new LinearDecoderView(rankOne, [0, 0], [s, s], W);
    const r = radiusFor(0.9);
    const [m] = await robustnessMargins(view, x.subarray(0, 6), {
      layers: ["z"],
      radius: r,
      samples: 20000,
      seed: 2,
    });
    view.dispose();
    // True margin: the shift c with P(||s eps + c e1|| <= r) = 1/2 (non-central chi-square, 2 dof).
    const sigmaMax = frobenius(rankOne);
    let lo = 0;
    let hi = 10;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (shiftedBallMass(mid / s, r / s) > 0.5) lo = mid;
      else hi = mid;
    }
    const trueMargin = lo / sigmaMax;
    expect(m.margin).toBeLessThan(trueMargin);
    expect(m.margin).toBeGreaterThan(0.5 * trueMargin);
  });

  it("is 0 where the model is not r-robust even unperturbed", async () => {
    const view = new LinearDecoderView(A, [0, 0], [s, s], W);
    const margins = await robustnessMargins(view, x, {
      layers: ["z"],
      radius: radiusFor(0.2),
      samples: 2000,
      seed: 3,
    });
    view.dispose();
    expect(margins.every((m) => m.margin === 0)).toBe(true);
    const summary = summarizeMargins(margins, radiusFor(0.2), 2000);
    expect(summary.robustFraction).toBe(0);
    expect(summary.mean).toBe(0);
    expect(summary.scale).toBeCloseTo(s / frobenius(A), 5);
  });
});

/** P(||eps + (a, 0)|| <= t) for eps ~ N(0, I_2), by Simpson's rule over the radius. */
function shiftedBallMass(a: number, t: number): number {
  const steps = 2000;
  const f = (rho: number) => rho * Math.exp(-(rho * rho + a * a) / 2) * besselI0(a * rho);
  let sum = f(0) + f(t);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * f((i * t) / steps);
  return (sum * t) / steps / 3;
}

function besselI0(v: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200 && term > 1e-17 * sum; k++) {
    term *= (v / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

describe("normalQuantile", () => {
  it("inverts the standard normal distribution function", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 9);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 9);
  });
});

describe("robustnessMargins on a two-layer encoder", () => {
  it("differentiates the joint mean map of both layers along the mean path", async () => {
    // q(z2 | z1, x) takes z1 at its mean: the Jacobian of [mu1(x), mu2(mu1(x), x)] by finite
    // differences must match the autodiff Frobenius norm.
    const view = new LinearGaussianView({ dataSize: 5, dims: [3, 2], seed: 4 });
    const point = Float32Array.from([0.2, 0.5, 0.1, 0.9, 0.4]);
    const before = tf.memory().numTensors;
    const [m] = await robustnessMargins(view, point, {
      layers: ["z1", "z2"],
      radius: 1,
      samples: 16,
      seed: 1,
    });
    expect(tf.memory().numTensors).toBe(before);
    const joint = (x: Float32Array) =>
      tf.tidy(() => {
        const [l1, l2] = view.encode(tf.tensor2d(x, [1, 5]), { kind: "mean" });
        return Array.from(tf.concat([l1.mean, l2.mean], 1).dataSync());
      });
    const h = 1e-2;
    let squares = 0;
    for (let j = 0; j < 5; j++) {
      const up = Float32Array.from(point);
      const down = Float32Array.from(point);
      up[j] += h;
      down[j] -= h;
      const [a, b] = [joint(up), joint(down)];
      for (let k = 0; k < a.length; k++) squares += ((a[k] - b[k]) / (2 * h)) ** 2;
    }
    expect(m.jacobianNorm).toBeCloseTo(Math.sqrt(squares), 3);
    view.dispose();
  });
});
