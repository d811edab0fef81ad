import * as tf from "@tensorflow/tfjs-core";
import type {
  AttackModelView,
  EncodePath,
  EncodedLayer,
  GaussianLayer,
} from "../src/attack/model-view.js";

/*
 * A one-layer model where the robustness margin is known in closed form, for tests:
 *   q(z | x) = N(x A + b, diag(s^2))        (A: D x m, constant scales s)
 *   g(z)     = z W                           (W: m x D with orthonormal rows)
 * so J_mu = A^T, and g(mu + s eps) - g(mu) = (s eps) W has norm ||s eps||.
 */
export class LinearDecoderView implements AttackModelView {
  readonly dataSize: number;
  readonly range = [0, 1] as const;
  readonly latents: { name: string; dims: number }[];
  private readonly a: tf.Tensor2D;
  private readonly b: tf.Tensor2D;
  private readonly logVar: tf.Tensor2D;
  private readonly w: tf.Tensor2D;

  /** `a` is D x m row-major, `scales` the m standard deviations, `w` m x D with orthonormal rows. */
  constructor(a: number[][], b: number[], scales: number[], w: number[][]) {
    this.dataSize = a.length;
    this.latents = [{ name: "z", dims: b.length }];
    this.a = tf.tensor2d(a);
    this.b = tf.tensor2d([b]);
    this.logVar = tf.tensor2d([scales.map((s) => 2 * Math.log(s))]);
    this.w = tf.tensor2d(w);
  }

  dispose(): void {
    tf.dispose([this.a, this.b, this.logVar, this.w]);
  }

  encode(x: tf.Tensor2D, path: EncodePath): EncodedLayer[] {
    const mean = tf.add(tf.matMul(x, this.a), this.b) as tf.Tensor2D;
    const logVar = tf.add(tf.zerosLike(mean), this.logVar) as tf.Tensor2D;
    const z =
      path.kind === "mean"
        ? mean
        : (tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), path.noise.get("z")!)) as tf.Tensor2D);
    return [{ layer: "z", mean, logVar, z }];
  }

  prior(): GaussianLayer[] {
    return [{ layer: "z", mean: tf.scalar(0), logVar: tf.scalar(0) }];
  }

  logLikelihood(x: tf.Tensor2D, z: ReadonlyMap<string, tf.Tensor2D>): tf.Tensor1D {
    // A unit-variance Gaussian around g(z), up to its constant.
    return tf.mul(-0.5, tf.sum(tf.square(tf.sub(x, this.reconstruct(z))), 1)) as tf.Tensor1D;
  }

  reconstruct(z: ReadonlyMap<string, tf.Tensor2D>): tf.Tensor2D {
    return tf.matMul(z.get("z")!, this.w);
  }
}
