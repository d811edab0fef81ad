import * as tf from "@tensorflow/tfjs-core";
import { sampleNormal } from "../distributions/normal.js";
import type { VaeModel } from "../model/vae-model.js";
import { latentDistribution } from "./forward-pass.js";
import { likelihoodFromOutput, likelihoodMean } from "./likelihood.js";
import { applyFactorNetwork } from "../model/apply-network.js";
import type { Noise } from "./noise.js";

/** Ancestral samples through p (generative order), returning the likelihood's mean: [count, D]. */
export function samplePrior(model: VaeModel, count: number, noise: Noise): tf.Tensor2D {
  return tf.tidy(() => {
    const ir = model.ir;
    const values = new Map<string, tf.Tensor2D>();
    for (const factor of ir.generative) {
      if (factor.target === ir.data.name) {
        const likelihood = likelihoodFromOutput(
          model,
          factor,
          applyFactorNetwork(model, factor, values),
        );
        return likelihoodMean(likelihood);
      }
      const dims = ir.latents.find((l) => l.name === factor.target)?.dims ?? 1;
      const dist = latentDistribution(model, factor, values);
      const eps = noise(factor.target, [count, dims]);
      // A constant prior's parameters are scalars: the noise gives the samples their batch shape.
      values.set(factor.target, sampleNormal(dist, eps) as tf.Tensor2D);
    }
    throw new Error(`the model has no likelihood factor for \`${ir.data.name}\``);
  });
}
