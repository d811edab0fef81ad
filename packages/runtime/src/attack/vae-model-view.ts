import * as tf from "@tensorflow/tfjs-core";
import type { AttackModelView, EncodePath, EncodedLayer } from "./model-view.js";
import { evaluateLikelihood, evaluatePriors, sampleInference } from "../losses/forward-pass.js";
import { likelihoodLogDensity, likelihoodMean } from "../losses/likelihood.js";
import { zeroNoise, type Noise } from "../losses/noise.js";
import type { VaeModel } from "../model/vae-model.js";

/** The attacks' view of a trained model (attack/model-view.ts), over its networks. */
export function attackModelView(model: VaeModel): AttackModelView {
  const ir = model.ir;
  const pathNoise = (path: EncodePath): Noise =>
    path.kind === "mean"
      ? zeroNoise
      : (latent, shape) => {
          const noise = path.noise.get(latent);
          if (!noise) throw new Error(`the sample path has no noise for \`${latent}\``);
          if (noise.shape[0] !== shape[0] || noise.shape[1] !== shape[1]) {
            throw new Error(`noise for \`${latent}\` is [${noise.shape}], expected [${shape}]`);
          }
          // A copy, so the caller's tidy never disposes the path's own noise tensor.
          return tf.clone(noise);
        };
  return {
    dataSize: ir.data.size,
    range: ir.data.range,
    latents: ir.inference.map((f) => ({
      name: f.target,
      dims: ir.latents.find((l) => l.name === f.target)?.dims ?? 0,
    })),
    encode(x, path) {
      const { q, values } = sampleInference(model, x, pathNoise(path));
      return ir.inference.map((factor): EncodedLayer => {
        const dist = q.get(factor.target)!;
        const rows = x.shape[0];
        const dims = values.get(factor.target)!.shape[1];
        // Broadcast constant parameters to [batch, dims] as the view promises.
        const full = (t: tf.Tensor) =>
          (t.rank === 2 && t.shape[0] === rows
            ? t
            : tf.mul(t, tf.ones([rows, dims]))) as tf.Tensor2D;
        return {
          layer: factor.target,
          mean: full(dist.mean),
          logVar: full(dist.logVar),
          z: values.get(factor.target)!,
        };
      });
    },
    prior(z) {
      const p = evaluatePriors(model, z);
      return ir.latents.map((l) => ({
        layer: l.name,
        mean: p.get(l.name)!.mean,
        logVar: p.get(l.name)!.logVar,
      }));
    },
    logLikelihood(x, z) {
      return likelihoodLogDensity(evaluateLikelihood(model, z), x);
    },
    reconstruct(z) {
      return likelihoodMean(evaluateLikelihood(model, z));
    },
  };
}
