import type * as tf from "@tensorflow/tfjs-core";

/*
 * What the attacks need from a trained model, and nothing more. The model code implements this
 * view over its networks; the attacks are written only against it, so they can be tested on tiny
 * hand-built models and never see weights, the IR's factor list or the training code.
 *
 * Conventions for every method:
 * - rows are independent datapoints: row r of every output depends only on row r of the inputs,
 *   so any subset of rows can be evaluated alone (the batched attack relies on this);
 * - tensors returned are new, owned by the caller's tf.tidy scope; the view keeps no reference to
 *   them and creates no tensors that outlive the call (weights excepted);
 * - every method is differentiable with respect to its tensor inputs (the attack differentiates
 *   through `encode`, `prior` and `logLikelihood`);
 * - data rows are flattened to `dataSize` (channels first, as in the IR), float32.
 */

/** A diagonal Gaussian per row: `mean` and `logVar` are [batch, dims] (or broadcast to it). */
export interface GaussianLayer {
  /** The latent's name, as in the IR (`z1`, `z2`, ...). */
  layer: string;
  mean: tf.Tensor;
  /** Log-variance (the view converts a softplus scale s to 2 log s). */
  logVar: tf.Tensor;
}

/** One inference factor evaluated along a path: its Gaussian and the value it hands its children. */
export interface EncodedLayer extends GaussianLayer {
  mean: tf.Tensor2D;
  logVar: tf.Tensor2D;
  /** The value of the latent on this path: `mean` on the mean path, mean + std * noise otherwise. */
  z: tf.Tensor2D;
}

/** Values for (some of) the latents, [batch, dims] each, keyed by latent name. */
export type LatentValues = ReadonlyMap<string, tf.Tensor2D>;

/**
 * How each conditional q factor gets its parents (docs/design.md section 4): on the mean path every
 * parent latent is at its posterior mean (deterministic); on a sample path latent `name` is
 * mean + exp(logVar / 2) * noise.get(name) (noise [batch, dims], fixed common random numbers so
 * the objective stays deterministic).
 */
export type EncodePath =
  { kind: "mean" } | { kind: "sample"; noise: ReadonlyMap<string, tf.Tensor2D> };

export interface AttackModelView {
  /** Width of a flattened data row. */
  readonly dataSize: number;
  /** The data range [lo, hi]: the attack keeps x + d inside it. */
  readonly range: readonly [number, number];
  /** Every latent, in the order the inference network evaluates them. */
  readonly latents: readonly { name: string; dims: number }[];

  /**
   * q(z | x) along a path: one entry per latent, in inference order, each factor evaluated with its
   * latent parents at their `z` on this path and x as given. x is [batch, dataSize].
   */
  encode(x: tf.Tensor2D, path: EncodePath): EncodedLayer[];

  /**
   * p(z^i | pa_p(z^i)) for every latent, given values for all latents in `z` (the prior of a top
   * layer such as Normal(0, 1) may return broadcastable [1, dims] or scalar tensors).
   */
  prior(z: LatentValues): GaussianLayer[];

  /** log p(x | pa_p(x)) summed over the data dimensions: [batch]. */
  logLikelihood(x: tf.Tensor2D, z: LatentValues): tf.Tensor1D;

  /** The mean of p(x | pa_p(x)) (e.g. sigmoid of the Bernoulli logits): [batch, dataSize]. */
  reconstruct(z: LatentValues): tf.Tensor2D;
}

/** The latent values an encoding hands on: name -> z. */
export function latentValues(encoded: readonly EncodedLayer[]): Map<string, tf.Tensor2D> {
  return new Map(encoded.map((e) => [e.layer, e.z]));
}
