import * as tf from "@tensorflow/tfjs-core";
import { deriveSeed } from "../model/rng.js";

/** Supplies the standard-normal noise of each reparameterised sample, by the latent's name. */
export type Noise = (latent: string, shape: [number, number]) => tf.Tensor2D;

/** Noise that depends only on (seed, step, latent, call): identical on resume and across runs. */
export function seededNoise(seed: number, step: number): Noise {
  const calls = new Map<string, number>();
  return (latent, shape) => {
    const call = calls.get(latent) ?? 0;
    calls.set(latent, call + 1);
    return tf.randomNormal(shape, 0, 1, "float32", deriveSeed(seed, "noise", step, latent, call));
  };
}

/** No noise: every sample is the posterior mean (`--deterministic`, attack mean paths). */
export const zeroNoise: Noise = (_latent, shape) => tf.zeros(shape);
