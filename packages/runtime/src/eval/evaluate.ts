import * as tf from "@tensorflow/tfjs-core";
import { readAllValues } from "../backend/webgpu/read-values.js";
import type { Dataset } from "../data/dataset.js";
import { klDiagonalNormal, normalLogDensity } from "../distributions/normal.js";
import { runForward } from "../losses/forward-pass.js";
import { likelihoodLogDensity, likelihoodMean } from "../losses/likelihood.js";
import { seededNoise, zeroNoise, type Noise } from "../losses/noise.js";
import { deriveSeed } from "../model/rng.js";
import type { VaeModel } from "../model/vae-model.js";

/*
 * Held-out quality (docs/design.md section 4, "Quality"): the ELBO at beta = 1, the importance-weighted
 * bound through the full hierarchical q, each layer's KL, active units, reconstruction error.
 */

export interface EvalOptions {
  seed: number;
  /** Importance samples K for the IWAE bound. */
  iwSamples: number;
  /** Reparameterisation noise at zero everywhere (z = posterior mean), reproducible by other tools. */
  deterministic?: boolean;
  batch?: number;
  /** Evaluate only the first `limit` examples. */
  limit?: number;
  /** Threshold on Cov_x(E_q[z_k]) for a unit to count as active. */
  activeThreshold?: number;
  /** Called after each batch with the examples done so far (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

export interface EvalReport {
  examples: number;
  deterministic: boolean;
  /** Mean ELBO at beta = 1, nats per image (one sample per image). */
  elbo: number;
  logLik: number;
  /** Mean KL per latent layer. */
  kl: Record<string, number>;
  /** Mean importance-weighted bound, nats per image. */
  iwae: number;
  iwSamples: number;
  /** Units whose posterior mean varies over the data by more than the threshold. */
  activeUnits: Record<string, { active: number; dims: number; variances: number[] }>;
  /** Mean over images of sum_d (x_d - E[x_d | z])^2 with z on the posterior-mean path. */
  reconstructionError: number;
}

interface Sums {
  elbo: number;
  logLik: number;
  kl: number[];
  iwae: number;
  recon: number;
  meanSum: Float64Array[];
  meanSquares: Float64Array[];
}

function evaluateBatch(
  model: VaeModel,
  x: tf.Tensor2D,
  noise: (tag: string) => Noise,
  k: number,
): tf.Tensor[] {
  return tf.tidy(() => {
    const ir = model.ir;
    const single = runForward(model, x, noise("elbo"));
    const logLik = likelihoodLogDensity(single.likelihood, x);
    const kls = ir.latents.map((l) => {
      const q = single.q.get(l.name);
      const p = single.p.get(l.name);
      if (!q || !p) throw new Error(`latent \`${l.name}\` lacks a prior or a posterior`);
      return klDiagonalNormal(q, p);
    });
    const elbo = tf.sub(logLik, tf.addN(kls));
    // IWAE: log (1/K) sum_k p(x, z_k) / q(z_k | x), z_k drawn through the whole hierarchy of q.
    // With K = 1 (the held-out curve during training) the ELBO pass's own sample serves: one
    // forward pass fewer per evaluation.
    const batch = x.shape[0];
    const rows = k === 1 ? x : (tf.tile(x, [k, 1]) as tf.Tensor2D);
    const pass = k === 1 ? single : runForward(model, rows, noise("iwae"));
    let logW = likelihoodLogDensity(pass.likelihood, rows) as tf.Tensor;
    for (const l of ir.latents) {
      const z = pass.z.get(l.name) as tf.Tensor2D;
      logW = tf.add(
        logW,
        tf.sub(normalLogDensity(z, pass.p.get(l.name)!), normalLogDensity(z, pass.q.get(l.name)!)),
      );
    }
    const iwae = tf.sub(tf.logSumExp(tf.reshape(logW, [k, batch]), 0), Math.log(k));
    const meanPath = runForward(model, x, zeroNoise);
    const recon = tf.sum(tf.square(tf.sub(x, likelihoodMean(meanPath.likelihood))), 1);
    const means = ir.latents.map((l) => meanPath.q.get(l.name)!.mean);
    return [elbo, logLik, ...kls, iwae, recon, ...means];
  });
}

/** Evaluates in batches; values are read asynchronously (WebGPU in Node has no synchronous read). */
export async function evaluateModel(
  model: VaeModel,
  data: Dataset,
  options: EvalOptions,
): Promise<EvalReport> {
  const ir = model.ir;
  const count = Math.min(data.size, options.limit ?? data.size);
  const k = Math.max(1, options.iwSamples);
  // The IWAE pass tiles each batch K times: keep it near 2048 rows so memory stays bounded.
  const batchSize = options.batch ?? Math.max(1, Math.min(100, Math.floor(2048 / k)));
  const latents = ir.latents;
  const sums: Sums = {
    elbo: 0,
    logLik: 0,
    kl: latents.map(() => 0),
    iwae: 0,
    recon: 0,
    meanSum: latents.map((l) => new Float64Array(l.dims)),
    meanSquares: latents.map((l) => new Float64Array(l.dims)),
  };
  const total = (values: Float32Array) => values.reduce((a, b) => a + b, 0);
  for (let start = 0, index = 0; start < count; start += batchSize, index++) {
    const indices = Array.from({ length: Math.min(batchSize, count - start) }, (_, i) => start + i);
    const x = tf.tensor2d(data.get(indices), [indices.length, data.dim]);
    const noise = (tag: string): Noise =>
      options.deterministic ? zeroNoise : seededNoise(deriveSeed(options.seed, "eval", tag), index);
    const out = evaluateBatch(model, x, noise, k);
    x.dispose();
    let read: Float32Array[];
    try {
      read = await readAllValues(out);
    } finally {
      tf.dispose(out);
    }
    const [elbo, logLik, ...rest] = read;
    sums.elbo += total(elbo);
    sums.logLik += total(logLik);
    latents.forEach((_, i) => (sums.kl[i] += total(rest[i])));
    sums.iwae += total(rest[latents.length]);
    sums.recon += total(rest[latents.length + 1]);
    latents.forEach((l, i) => {
      const values = rest[latents.length + 2 + i];
      for (let r = 0; r < indices.length; r++) {
        for (let d = 0; d < l.dims; d++) {
          const v = values[r * l.dims + d];
          sums.meanSum[i][d] += v;
          sums.meanSquares[i][d] += v * v;
        }
      }
    });
    options.onProgress?.(start + indices.length, count);
  }
  const threshold = options.activeThreshold ?? 0.01;
  const activeUnits: EvalReport["activeUnits"] = {};
  latents.forEach((l, i) => {
    const variances = Array.from(sums.meanSum[i], (s, d) =>
      Math.max(0, sums.meanSquares[i][d] / count - (s / count) ** 2),
    );
    activeUnits[l.name] = {
      active: variances.filter((v) => v > threshold).length,
      dims: l.dims,
      variances,
    };
  });
  return {
    examples: count,
    deterministic: options.deterministic ?? false,
    elbo: sums.elbo / count,
    logLik: sums.logLik / count,
    kl: Object.fromEntries(latents.map((l, i) => [l.name, sums.kl[i] / count])),
    iwae: sums.iwae / count,
    iwSamples: k,
    activeUnits,
    reconstructionError: sums.recon / count,
  };
}
