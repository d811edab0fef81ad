import * as tf from "@tensorflow/tfjs-core";
import { evaluateGenerative, runForward } from "../losses/forward-pass.js";
import { likelihoodMean } from "../losses/likelihood.js";
import { zeroNoise } from "../losses/noise.js";
import type { VaeModel } from "../model/vae-model.js";

/*
 * Latent traversals: per latent layer, its most varying units, each swept over a range of values
 * with every other latent at the posterior mean of one held-out image; each image is the mean of
 * p(x | z). The PNG grid of `vaec sample` and the labelled panel of the report both draw these.
 */

export const TRAVERSAL_VALUES = [-3, -2.25, -1.5, -0.75, 0, 0.75, 1.5, 2.25, 3];

export interface LayerTraversal {
  layer: string;
  dims: number;
  /** The units shown, most varying first (0-based indices into the layer). */
  units: number[];
  /** The value each column sets the unit to. */
  values: number[];
  /** images[row][column]: unit `units[row]` set to `values[column]`. */
  images: Float32Array[][];
}

const rowsOf = (t: tf.Tensor2D): Float32Array[] => {
  const data = t.dataSync() as Float32Array;
  const width = t.shape[1];
  return Array.from({ length: t.shape[0] }, (_, i) => data.slice(i * width, (i + 1) * width));
};

/**
 * Traversals of every layer from the images `x` (the first is the base image; all of them rank
 * the units by the variance of their posterior means). Leaves no tensors behind.
 */
export function computeTraversals(
  model: VaeModel,
  x: tf.Tensor2D,
  options: { values?: number[]; maxUnits?: number } = {},
): LayerTraversal[] {
  const ir = model.ir;
  const values = options.values ?? TRAVERSAL_VALUES;
  const maxUnits = options.maxUnits ?? 10;
  return tf.tidy(() => {
    const meanPath = runForward(model, x, zeroNoise);
    return ir.latents.map((latent) => {
      // Units ordered by how much their posterior mean varies over the images given.
      const variances = tf.moments(meanPath.q.get(latent.name)!.mean, 0).variance.dataSync();
      const units = Array.from(variances, (v, k) => [v, k] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, maxUnits)
        .map(([, k]) => k);
      const base = new Map<string, tf.Tensor2D>([[ir.data.name, tf.slice(x, [0, 0], [1, -1])]]);
      for (const l of ir.latents)
        base.set(l.name, tf.slice(meanPath.z.get(l.name)!, [0, 0], [1, -1]));
      const baseRow = base.get(latent.name)!.dataSync();
      const images = units.map((unit) => {
        const edited = new Float32Array(values.length * latent.dims);
        values.forEach((value, s) => {
          edited.set(baseRow, s * latent.dims);
          edited[s * latent.dims + unit] = value;
        });
        const inputs = new Map<string, tf.Tensor2D>();
        for (const [name, value] of base)
          inputs.set(name, tf.tile(value, [values.length, 1]) as tf.Tensor2D);
        inputs.set(latent.name, tf.tensor2d(edited, [values.length, latent.dims]));
        return rowsOf(likelihoodMean(evaluateGenerative(model, inputs).likelihood));
      });
      return { layer: latent.name, dims: latent.dims, units, values: [...values], images };
    });
  });
}
