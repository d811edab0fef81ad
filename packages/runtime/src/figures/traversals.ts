import * as tf from "@tensorflow/tfjs-core";
import { evaluateGenerative, runForward } from "../losses/forward-pass.js";
import { likelihoodMean } from "../losses/likelihood.js";
import { zeroNoise } from "../losses/noise.js";
import { readAllValues, readAndDispose } from "../backend/webgpu/read-values.js";
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

/** The rows of [n, D] tensors made only to be drawn; the tensors are disposed once read. */
export async function readRows(tensors: tf.Tensor2D[]): Promise<Float32Array[][]> {
  const values = await readAndDispose(tensors);
  return tensors.map((t, i) => {
    const width = t.shape[1];
    return Array.from({ length: t.shape[0] }, (_, r) =>
      values[i].slice(r * width, (r + 1) * width),
    );
  });
}

/**
 * Traversals of every layer from the images `x` (the first is the base image; all of them rank
 * the units by the variance of their posterior means). Leaves no tensors behind. Values are read
 * asynchronously (WebGPU has no synchronous read), so the tensors kept between reads are
 * disposed explicitly rather than by one tf.tidy.
 */
export async function computeTraversals(
  model: VaeModel,
  x: tf.Tensor2D,
  options: { values?: number[]; maxUnits?: number } = {},
): Promise<LayerTraversal[]> {
  const ir = model.ir;
  const values = options.values ?? TRAVERSAL_VALUES;
  const maxUnits = options.maxUnits ?? 10;
  // The mean path's base row of every input (the data and each latent) and, per latent, how much
  // its posterior means vary over the images given.
  const names = [ir.data.name, ...ir.latents.map((l) => l.name)];
  const { base, variances } = tf.tidy(() => {
    const meanPath = runForward(model, x, zeroNoise);
    return {
      base: [x, ...ir.latents.map((l) => meanPath.z.get(l.name)!)].map((t) =>
        tf.slice(t, [0, 0], [1, -1]),
      ),
      variances: ir.latents.map((l) => tf.moments(meanPath.q.get(l.name)!.mean, 0).variance),
    };
  });
  try {
    const read = await readAllValues([...variances, ...base.slice(1)]);
    const out: LayerTraversal[] = [];
    for (const [i, latent] of ir.latents.entries()) {
      // Units ordered by how much their posterior mean varies over the images given.
      const units = Array.from(read[i], (v, k) => [v, k] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, maxUnits)
        .map(([, k]) => k);
      const baseRow = read[ir.latents.length + i];
      const generated = tf.tidy(() =>
        units.map((unit) => {
          const edited = new Float32Array(values.length * latent.dims);
          values.forEach((value, s) => {
            edited.set(baseRow, s * latent.dims);
            edited[s * latent.dims + unit] = value;
          });
          const inputs = new Map<string, tf.Tensor2D>();
          base.forEach((row, b) =>
            inputs.set(names[b], tf.tile(row, [values.length, 1]) as tf.Tensor2D),
          );
          inputs.set(latent.name, tf.tensor2d(edited, [values.length, latent.dims]));
          return likelihoodMean(evaluateGenerative(model, inputs).likelihood);
        }),
      );
      const images = await readRows(generated);
      out.push({ layer: latent.name, dims: latent.dims, units, values: [...values], images });
    }
    return out;
  } finally {
    tf.dispose([...base, ...variances]);
  }
}
