import * as tf from "@tensorflow/tfjs-core";
import type { Factor } from "@vaec/compiler";
import { bernoulliLogLikelihood } from "../backend/fused-likelihood.js";
import { normalLikelihoodLogDensity } from "../distributions/normal-likelihood.js";
import { getParameter, type VaeModel } from "../model/vae-model.js";

/** The data likelihood's parameters for a batch. */
export type Likelihood =
  | { kind: "bernoulli"; logits: tf.Tensor2D }
  | { kind: "normal"; mean: tf.Tensor2D; logScale: tf.Tensor };

export function likelihoodFromOutput(
  model: VaeModel,
  factor: Factor,
  output: tf.Tensor2D,
): Likelihood {
  const distribution = factor.distribution;
  if (distribution.kind === "bernoulli") return { kind: "bernoulli", logits: output };
  if (distribution.kind === "normal-likelihood") {
    const logScale =
      distribution.scale.kind === "fixed"
        ? tf.scalar(Math.log(distribution.scale.value))
        : getParameter(model, `${factor.id}/log_scale`);
    return { kind: "normal", mean: output, logScale };
  }
  throw new Error(
    `factor \`${factor.id}\` has a ${distribution.kind} distribution, not a data likelihood`,
  );
}

/** log p(x | parents) per row: [batch]. The Bernoulli one is the fused op of the fast path
 * (`VAEC_FUSED_LIKELIHOOD`), the same value and gradients as `bernoulliLogDensity`. */
export function likelihoodLogDensity(likelihood: Likelihood, x: tf.Tensor2D): tf.Tensor1D {
  return likelihood.kind === "bernoulli"
    ? (bernoulliLogLikelihood(x, likelihood.logits) as tf.Tensor1D)
    : normalLikelihoodLogDensity(x, likelihood.mean, likelihood.logScale);
}

/** The likelihood's mean: what reconstructions and samples show. */
export function likelihoodMean(likelihood: Likelihood): tf.Tensor2D {
  return likelihood.kind === "bernoulli" ? tf.sigmoid(likelihood.logits) : likelihood.mean;
}
