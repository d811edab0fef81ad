import * as tf from "@tensorflow/tfjs-core";
import type { Factor } from "@vaec/compiler";
import { normalFromNetwork, sampleNormal, standardNormalLike, type DiagonalNormal } from "../distributions/normal.js";
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

export function latentDistribution(model: VaeModel, factor: Factor, values: Map<string, tf.Tensor2D>): DiagonalNormal {
  const distribution = factor.distribution;
  if (distribution.kind === "normal-constant") return standardNormalLike(distribution.mean, distribution.std);
  if (distribution.kind === "normal") {
    return normalFromNetwork(applyFactorNetwork(model, factor, values), distribution.parameterisation);
  }
  throw new Error(`latent factor \`${factor.id}\` has a ${distribution.kind} distribution`);
}

/** Samples q for `x` ([rows, D]); `overrides` pins chosen latents (traversals) instead of sampling. */
export function runForward(
  model: VaeModel,
  x: tf.Tensor2D,
  noise: Noise,
  overrides?: Map<string, tf.Tensor2D>,
): ForwardPass {
  const ir = model.ir;
  const rows = x.shape[0];
  const values = new Map<string, tf.Tensor2D>([[ir.data.name, x]]);
  const q = new Map<string, DiagonalNormal>();
  for (const factor of ir.inference) {
    const dist = latentDistribution(model, factor, values);
    q.set(factor.target, dist);
    const dims = ir.latents.find((latent) => latent.name === factor.target)?.dims ?? factor.outputWidth / 2;
    const pinned = overrides?.get(factor.target);
    values.set(factor.target, pinned ?? (sampleNormal(dist, noise(factor.target, [rows, dims])) as tf.Tensor2D));
  }
  return { x, q, ...evaluateGenerative(model, values) };
}

/** Evaluates p given values for every latent (and x): priors per latent and the likelihood. */
export function evaluateGenerative(
  model: VaeModel,
  values: Map<string, tf.Tensor2D>,
): { z: Map<string, tf.Tensor2D>; p: Map<string, DiagonalNormal>; likelihood: Likelihood } {
  const ir = model.ir;
  const p = new Map<string, DiagonalNormal>();
  let likelihood: Likelihood | null = null;
  for (const factor of ir.generative) {
    if (factor.target === ir.data.name) {
      likelihood = likelihoodFromOutput(model, factor, applyFactorNetwork(model, factor, values));
    } else {
      p.set(factor.target, latentDistribution(model, factor, values));
    }
  }
  if (!likelihood) throw new Error(`the model has no likelihood factor for \`${ir.data.name}\``);
  const z = new Map<string, tf.Tensor2D>();
  for (const latent of ir.latents) {
    const value = values.get(latent.name);
    if (value) z.set(latent.name, value);
  }
  return { z, p, likelihood };
}
