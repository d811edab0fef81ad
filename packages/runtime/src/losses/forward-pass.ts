import * as tf from "@tensorflow/tfjs-core";
import type { Factor } from "@vaec/compiler";
import {
  normalFromNetwork,
  sampleNormal,
  standardNormalLike,
  type DiagonalNormal,
} from "../distributions/normal.js";
import { applyFactorNetwork } from "../model/apply-network.js";
import type { VaeModel } from "../model/vae-model.js";
import { likelihoodFromOutput, type Likelihood } from "./likelihood.js";
import type { Noise } from "./noise.js";

/*
 * One pass through the model: sample every latent from q in the inference order (reparameterised),
 * then evaluate every p factor given those samples. Everything the losses, evaluation and attacks
 * need is returned; the caller owns the tensors (run it inside tf.tidy).
 */
export interface ForwardPass {
  x: tf.Tensor2D;
  /** Sampled latents, by name: [rows, dims]. */
  z: Map<string, tf.Tensor2D>;
  /** q(z^i | pa_q(z^i)) for each latent, given the sampled parents. */
  q: Map<string, DiagonalNormal>;
  /** p(z^i | pa_p(z^i)) for each latent, given the sampled parents. */
  p: Map<string, DiagonalNormal>;
  likelihood: Likelihood;
}

export function latentDistribution(
  model: VaeModel,
  factor: Factor,
  values: Map<string, tf.Tensor2D>,
): DiagonalNormal {
  const distribution = factor.distribution;
  if (distribution.kind === "normal-constant")
    return standardNormalLike(distribution.mean, distribution.std);
  if (distribution.kind === "normal") {
    return normalFromNetwork(
      applyFactorNetwork(model, factor, values),
      distribution.parameterisation,
    );
  }
  throw new Error(`latent factor \`${factor.id}\` has a ${distribution.kind} distribution`);
}

/** Samples every latent from q in inference order; `overrides` pins chosen latents instead of sampling. */
export function sampleInference(
  model: VaeModel,
  x: tf.Tensor2D,
  noise: Noise,
  overrides?: Map<string, tf.Tensor2D>,
): { q: Map<string, DiagonalNormal>; values: Map<string, tf.Tensor2D> } {
  const ir = model.ir;
  const rows = x.shape[0];
  const values = new Map<string, tf.Tensor2D>([[ir.data.name, x]]);
  const q = new Map<string, DiagonalNormal>();
  for (const factor of ir.inference) {
    const dist = latentDistribution(model, factor, values);
    q.set(factor.target, dist);
    const dims =
      ir.latents.find((latent) => latent.name === factor.target)?.dims ?? factor.outputWidth / 2;
    const pinned = overrides?.get(factor.target);
    values.set(
      factor.target,
      pinned ?? (sampleNormal(dist, noise(factor.target, [rows, dims])) as tf.Tensor2D),
    );
  }
  return { q, values };
}

/** Samples q for `x` ([rows, D]), then evaluates p given the samples. */
export function runForward(
  model: VaeModel,
  x: tf.Tensor2D,
  noise: Noise,
  overrides?: Map<string, tf.Tensor2D>,
): ForwardPass {
  const { q, values } = sampleInference(model, x, noise, overrides);
  return { x, q, ...evaluateGenerative(model, values) };
}

/** p(z^i | pa_p(z^i)) for every latent, given values for the latents. */
export function evaluatePriors(
  model: VaeModel,
  values: ReadonlyMap<string, tf.Tensor2D>,
): Map<string, DiagonalNormal> {
  const p = new Map<string, DiagonalNormal>();
  const lookup = new Map(values);
  for (const factor of model.ir.generative) {
    if (factor.target !== model.ir.data.name)
      p.set(factor.target, latentDistribution(model, factor, lookup));
  }
  return p;
}

/** The data likelihood given values for the latents. */
export function evaluateLikelihood(
  model: VaeModel,
  values: ReadonlyMap<string, tf.Tensor2D>,
): Likelihood {
  const factor = model.ir.generative.find((f) => f.target === model.ir.data.name);
  if (!factor) throw new Error(`the model has no likelihood factor for \`${model.ir.data.name}\``);
  return likelihoodFromOutput(model, factor, applyFactorNetwork(model, factor, new Map(values)));
}

/** Evaluates p given values for every latent (and x): priors per latent and the likelihood. */
export function evaluateGenerative(
  model: VaeModel,
  values: Map<string, tf.Tensor2D>,
): { z: Map<string, tf.Tensor2D>; p: Map<string, DiagonalNormal>; likelihood: Likelihood } {
  const z = new Map<string, tf.Tensor2D>();
  for (const latent of model.ir.latents) {
    const value = values.get(latent.name);
    if (value) z.set(latent.name, value);
  }
  return { z, p: evaluatePriors(model, values), likelihood: evaluateLikelihood(model, values) };
}
