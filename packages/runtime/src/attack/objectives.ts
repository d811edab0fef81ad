import * as tf from "@tensorflow/tfjs-core";
// The attacks differentiate: make sure tfjs-core has its gradients in Node.
import "../backend/register-gradients.js";
import type { AttackKind } from "@vaec/compiler";
import { distortionNorm, klGaussian, w2Gaussian, type Gaussian } from "./divergences.js";
import { latentValues, type AttackModelView, type EncodePath } from "./model-view.js";

/*
 * The three attack objectives of docs/design.md section 4, per row (one row = one (pair, lambda)):
 *
 *   kl:     Delta = lambda ||d|| + sum_i KL( q(z^i | x + d) || q(z^i | x_t) )
 *   w2:     Delta = lambda ||d|| + sum_i W2( q(z^i | x + d), q(z^i | x_t) )
 *   output: Delta = lambda ||d|| - ( E_q(z | x + d)[ log p(x_t | z) ] - KL( q(z | x + d) || p(z) ) )
 *
 * The latent sums run over `layers` (those the likelihood sees); both sides' chains are evaluated
 * along the same path. The output attack's expectation is over K fixed common random numbers and
 * its KL is the hierarchical one of the ELBO (each layer's analytic KL given sampled parents).
 */

export interface ObjectiveSettings {
  kind: AttackKind;
  /** Latents summed over by the latent attacks (IR.attack.layers). */
  layers: readonly string[];
  /** How conditional q factors get their parents in the latent attacks. */
  path: "mean" | "sample";
  /** Smoothing of ||d|| while optimising: sqrt(||d||^2 + eps^2). */
  normEps: number;
}

/**
 * Fixed standard-normal draws per latent, [K, dims]: row k is common random number k, shared by
 * every (pair, lambda) so each row's objective is deterministic and independent of the batch.
 * The latent attacks' sample path uses row 0; the output attack averages over all K rows.
 */
export type CommonNoise = ReadonlyMap<string, tf.Tensor2D>;

export function drawCommonNoise(
  view: AttackModelView,
  samples: number,
  seed: number,
  stream: "objective" | "metrics" = "objective",
): Map<string, tf.Tensor2D> {
  const noise = new Map<string, tf.Tensor2D>();
  view.latents.forEach((latent, i) => {
    const s = mixSeed(seed, stream === "objective" ? 0 : 1, i);
    noise.set(latent.name, tf.randomNormal([samples, latent.dims], 0, 1, "float32", s));
  });
  return noise;
}

function mixSeed(seed: number, stream: number, index: number): number {
  let h = Math.imul((seed ^ 0x9e3779b9) >>> 0, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (stream + 0x27d4eb2f), 0x165667b1) >>> 0;
  h = Math.imul(h ^ (index + 0x632be5ab), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Common random number k repeated for `rows` rows: [rows, dims] per latent. */
function noiseRows(noise: CommonNoise, k: number, rows: number): Map<string, tf.Tensor2D> {
  const out = new Map<string, tf.Tensor2D>();
  for (const [name, draws] of noise)
    out.set(name, tf.tile(tf.slice(draws, [k, 0], [1, -1]), [rows, 1]));
  return out;
}

/** Every common random number, each repeated for `rows` rows, stacked sample-major: [K rows, dims]. */
function allNoiseRows(noise: CommonNoise, rows: number): Map<string, tf.Tensor2D> {
  const out = new Map<string, tf.Tensor2D>();
  for (const [name, draws] of noise) {
    const [k, dims] = draws.shape;
    out.set(name, tf.reshape(tf.tile(tf.expandDims(draws, 1), [1, rows, 1]), [k * rows, dims]));
  }
  return out;
}

function pathFor(settings: ObjectiveSettings, noise: CommonNoise, rows: number): EncodePath {
  return settings.path === "mean"
    ? { kind: "mean" }
    : { kind: "sample", noise: noiseRows(noise, 0, rows) };
}

/** What a row's objective needs about its target: its q per attacked layer, or x_t itself. */
export interface TargetTerms {
  x: tf.Tensor2D;
  layers: Map<string, Gaussian>;
}

/** The targets' side, computed once per pair: [P] rows. */
export function encodeTargets(
  view: AttackModelView,
  targets: tf.Tensor2D,
  settings: ObjectiveSettings,
  noise: CommonNoise,
): TargetTerms {
  const layers = new Map<string, Gaussian>();
  if (settings.kind !== "output") {
    const encoded = view.encode(targets, pathFor(settings, noise, targets.shape[0]));
    for (const e of encoded) {
      if (settings.layers.includes(e.layer))
        layers.set(e.layer, { mean: e.mean, logVar: e.logVar });
    }
    for (const name of settings.layers) {
      if (!layers.has(name))
        throw new Error(`the attacked latent \`${name}\` is not in the model's encoding`);
    }
  }
  return { x: targets, layers };
}

/**
 * The targets' terms for `rows` (pair indices). With `withX` false x_t is left ungathered (the
 * latent attacks never read it; gathering [rows, dataSize] is most of this function's cost).
 */
export function gatherTargets(terms: TargetTerms, rows: tf.Tensor1D, withX = true): TargetTerms {
  const layers = new Map<string, Gaussian>();
  for (const [name, g] of terms.layers) {
    layers.set(name, { mean: tf.gather(g.mean, rows), logVar: tf.gather(g.logVar, rows) });
  }
  return { x: withX ? (tf.gather(terms.x, rows) as tf.Tensor2D) : terms.x, layers };
}

/** The attack's divergence term (Delta without lambda ||d||) at adversarial inputs `xAdv`: [rows]. */
export function attackDivergence(
  view: AttackModelView,
  xAdv: tf.Tensor2D,
  target: TargetTerms,
  settings: ObjectiveSettings,
  noise: CommonNoise,
): tf.Tensor1D {
  const rows = xAdv.shape[0];
  if (settings.kind === "output") return tf.neg(outputElbo(view, xAdv, target.x, noise));
  const encoded = view.encode(xAdv, pathFor(settings, noise, rows));
  const divergence = settings.kind === "kl" ? klGaussian : w2Gaussian;
  let total: tf.Tensor1D = tf.zeros([rows]);
  for (const e of encoded) {
    const t = target.layers.get(e.layer);
    if (t) total = tf.add(total, divergence({ mean: e.mean, logVar: e.logVar }, t));
  }
  return total;
}

/**
 * E_q(z | xEncoder)[ log p(xTarget | z) ] - KL( q(z | xEncoder) || p(z) ), averaged over the K
 * common random numbers: the ELBO with the encoder fed one image and the decoder scored on another.
 */
export function outputElbo(
  view: AttackModelView,
  xEncoder: tf.Tensor2D,
  xTarget: tf.Tensor2D,
  noise: CommonNoise,
): tf.Tensor1D {
  const rows = xEncoder.shape[0];
  const k = noise.values().next().value?.shape[0] ?? 1;
  const encoded = view.encode(tf.tile(xEncoder, [k, 1]), {
    kind: "sample",
    noise: allNoiseRows(noise, rows),
  });
  const z = latentValues(encoded);
  const logLik = view.logLikelihood(tf.tile(xTarget, [k, 1]), z);
  const priors = new Map(view.prior(z).map((p) => [p.layer, p]));
  let kl: tf.Tensor1D = tf.zeros([k * rows]);
  for (const e of encoded) {
    const p = priors.get(e.layer);
    if (!p) throw new Error(`the model view gave no prior for \`${e.layer}\``);
    kl = tf.add(kl, klGaussian(e, p));
  }
  return tf.mean(tf.reshape(tf.sub(logLik, kl), [k, rows]), 0) as tf.Tensor1D;
}

/** Delta per row: lambda ||d||_eps + the divergence at x + d. */
export function attackObjective(
  view: AttackModelView,
  d: tf.Tensor2D,
  x: tf.Tensor2D,
  target: TargetTerms,
  lambdas: tf.Tensor1D,
  settings: ObjectiveSettings,
  noise: CommonNoise,
): tf.Tensor1D {
  return tf.tidy(() => {
    const penalty = tf.mul(lambdas, distortionNorm(d, settings.normEps));
    const xAdv = tf.add(x, d) as tf.Tensor2D;
    return tf.add(penalty, attackDivergence(view, xAdv, target, settings, noise)) as tf.Tensor1D;
  });
}
