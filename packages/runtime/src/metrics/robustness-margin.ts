import * as tf from "@tensorflow/tfjs-core";
import { normalQuantile } from "./normal-quantile.js";
import "../backend/register-gradients.js";
import { readAndDispose } from "../backend/webgpu/read-values.js";
import type { AttackModelView } from "../attack/model-view.js";
import { createRandom, deriveSeed } from "../model/rng.js";

/*
 * The r-robustness margin bound of Camuto, Willetts, Roberts, Holmes and Rainforth (AISTATS 2021,
 * "Towards a theoretical understanding of the robustness of variational autoencoders"), computed
 * from the encoder alone, without running an attack (derivation: docs/objectives.md):
 *
 *   R^r(x) >= min_i sigma_i(x) Phi^-1( p(||Delta(x)|| <= r) ) / ||J_mu(x)||_F
 *
 * - mu, sigma: the Gaussian encoder the bound sees: the concatenated posterior means and standard
 *   deviations of `layers` (the layers the likelihood conditions on) along the mean path (each
 *   layer's parents at their means), as the latent attacks evaluate them by default;
 * - J_mu: the Jacobian d mu / d x, by reverse-mode autodiff, one row per code dimension;
 * - Delta(x) = g(mu + sigma * eps) - g(mu), eps ~ N(0, I), g the mean of p(x | z): how far the
 *   reconstruction moves from the encoder's noise alone; p(||Delta|| <= r) is estimated from
 *   `samples` fixed seeded draws per example as (hits + 1/2) / (samples + 1), which stays inside
 *   (0, 1) so Phi^-1 is finite;
 * - where that probability is at most 1/2 the model is not r-robust even unperturbed: margin 0.
 */

export interface MarginOptions {
  /** The latent layers whose concatenated Gaussian is the encoder (IR.attack.layers). */
  layers: readonly string[];
  /** r: the reconstruction change, in the data's Euclidean norm, that still counts as robust. */
  radius: number;
  /** Draws of eps per example for p(||Delta|| <= r). */
  samples: number;
  seed: number;
  /** Examples per tfjs call (bounds memory: the Jacobian pass holds dims x chunk x D values). */
  chunk?: number;
}

export interface MarginExample {
  /** The bound R^r(x): 0 when p <= 1/2. */
  margin: number;
  /** The estimate of p(||Delta(x)|| <= r). */
  pRobust: number;
  minSigma: number;
  /** ||J_mu(x)||_F. */
  jacobianNorm: number;
}

/** The bound for each row of `x` (n x D, row-major). */
export async function robustnessMargins(
  view: AttackModelView,
  x: Float32Array,
  options: MarginOptions,
): Promise<MarginExample[]> {
  const d = view.dataSize;
  const n = x.length / d;
  const dims = options.layers.map((name) => {
    const latent = view.latents.find((l) => l.name === name);
    if (!latent) throw new Error(`the model has no latent \`${name}\``);
    return latent.dims;
  });
  const m = dims.reduce((a, b) => a + b, 0);
  const chunk = Math.max(1, options.chunk ?? Math.max(1, Math.floor(1024 / m)));
  const out: MarginExample[] = [];
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    const eps = noiseRows(options, start, rows, m);
    const [frobenius, minSigma, hits] = await readAndDispose(
      tf.tidy(() => {
        const xs = tf.tensor2d(x.subarray(start * d, (start + rows) * d), [rows, d]);
        const { mean, std } = jointGaussian(view, xs, options.layers);
        const frobenius = jacobianFrobenius(view, xs, options.layers, m);
        const minSigma = tf.min(std, 1);
        const hits = robustDraws(view, mean, std, eps, options, dims);
        return [frobenius, minSigma, hits];
      }),
    );
    for (let i = 0; i < rows; i++) {
      const p = (hits[i] + 0.5) / (options.samples + 1);
      const jacobianNorm = Math.sqrt(frobenius[i]);
      const margin = p > 0.5 ? (minSigma[i] * normalQuantile(p)) / jacobianNorm : 0;
      out.push({ margin, pRobust: p, minSigma: minSigma[i], jacobianNorm });
    }
  }
  return out;
}

/** The concatenated means and standard deviations of `layers` on the mean path: [rows, m] each. */
function jointGaussian(
  view: AttackModelView,
  x: tf.Tensor2D,
  layers: readonly string[],
): { mean: tf.Tensor2D; std: tf.Tensor2D } {
  const encoded = view.encode(x, { kind: "mean" });
  const pick = layers.map((name) => encoded.find((e) => e.layer === name)!);
  const cat = (ts: tf.Tensor2D[]) => (ts.length === 1 ? ts[0] : tf.concat(ts, 1));
  return {
    mean: cat(pick.map((e) => e.mean)),
    std: cat(pick.map((e) => tf.exp(tf.mul(0.5, e.logVar)) as tf.Tensor2D)),
  };
}

/**
 * ||d mu / d x||_F^2 per row in one backward pass: the batch tiled m times, copy i contributing
 * only its code dimension i, so the gradient of the sum holds row i of each example's Jacobian.
 */
function jacobianFrobenius(
  view: AttackModelView,
  x: tf.Tensor2D,
  layers: readonly string[],
  m: number,
): tf.Tensor1D {
  const rows = x.shape[0];
  const tiled = tf.tile(x, [m, 1]) as tf.Tensor2D;
  const blocks = tf.reshape(tf.tile(tf.expandDims(tf.range(0, m, 1, "int32"), 1), [1, rows]), [-1]);
  const mask = tf.oneHot(blocks as tf.Tensor1D, m);
  const grad = tf.grad((input: tf.Tensor) =>
    tf.sum(tf.mul(jointGaussian(view, input as tf.Tensor2D, layers).mean, mask)),
  )(tiled);
  return tf.sum(tf.reshape(tf.sum(tf.square(grad), 1), [m, rows]), 0) as tf.Tensor1D;
}

/** How many of the draws keep ||g(mu + sigma eps) - g(mu)|| <= r, per row: [rows]. */
function robustDraws(
  view: AttackModelView,
  mean: tf.Tensor2D,
  std: tf.Tensor2D,
  eps: Float32Array,
  options: MarginOptions,
  dims: readonly number[],
): tf.Tensor1D {
  const rows = mean.shape[0];
  const k = options.samples;
  const m = mean.shape[1];
  const decode = (z: tf.Tensor2D) => {
    const parts = dims.length === 1 ? [z] : (tf.split(z, [...dims], 1) as tf.Tensor2D[]);
    return view.reconstruct(new Map(options.layers.map((name, i) => [name, parts[i]])));
  };
  const clean = decode(mean);
  // eps is [rows, k, m]; row-major draws of one example stay together.
  const noise = tf.tensor3d(eps, [rows, k, m]);
  const z = tf.add(tf.expandDims(mean, 1), tf.mul(tf.expandDims(std, 1), noise));
  const recon = decode(tf.reshape(z, [rows * k, m]) as tf.Tensor2D);
  const moved = tf.sub(tf.reshape(recon, [rows, k, -1]), tf.expandDims(clean, 1));
  const distance = tf.sqrt(tf.sum(tf.square(moved), 2));
  return tf.sum(tf.cast(tf.lessEqual(distance, options.radius), "float32"), 1) as tf.Tensor1D;
}

/** Standard-normal draws [rows, samples, m], each example's from its own seed (chunk-free). */
function noiseRows(options: MarginOptions, start: number, rows: number, m: number): Float32Array {
  const k = options.samples;
  const out = new Float32Array(rows * k * m);
  for (let i = 0; i < rows; i++) {
    const random = createRandom(deriveSeed(options.seed, "margin", start + i));
    for (let j = 0; j < k * m; j += 2) {
      // Box-Muller: two independent normals from two uniforms.
      const u = 1 - random();
      const v = random();
      const radius = Math.sqrt(-2 * Math.log(u));
      out[i * k * m + j] = radius * Math.cos(2 * Math.PI * v);
      if (j + 1 < k * m) out[i * k * m + j + 1] = radius * Math.sin(2 * Math.PI * v);
    }
  }
  return out;
}

export interface MarginSummary {
  radius: number;
  samples: number;
  examples: number;
  /** Mean of R^r(x) over the examples (0 counted where p <= 1/2). */
  mean: number;
  median: number;
  /** Mean of min sigma / ||J||_F: the margin per unit of Phi^-1(p), free of r. */
  scale: number;
  /** Fraction of examples r-robust before any perturbation (p > 1/2). */
  robustFraction: number;
}

export function summarizeMargins(
  examples: readonly MarginExample[],
  radius: number,
  samples: number,
): MarginSummary {
  const n = Math.max(1, examples.length);
  const margins = examples.map((e) => e.margin).sort((a, b) => a - b);
  const mid = margins.length / 2;
  const median =
    margins.length === 0
      ? 0
      : margins.length % 2
        ? margins[Math.floor(mid)]
        : (margins[mid - 1] + margins[mid]) / 2;
  return {
    radius,
    samples,
    examples: examples.length,
    mean: margins.reduce((s, v) => s + v, 0) / n,
    median,
    scale: examples.reduce((s, e) => s + e.minSigma / e.jacobianNorm, 0) / n,
    robustFraction: examples.filter((e) => e.pRobust > 0.5).length / n,
  };
}
