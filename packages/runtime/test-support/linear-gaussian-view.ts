import * as tf from "@tensorflow/tfjs-core";
import { createRandom } from "../src/model/rng.js";
import type {
  AttackModelView,
  EncodePath,
  EncodedLayer,
  GaussianLayer,
  LatentValues,
} from "../src/attack/model-view.js";

/*
 * A tiny hand-built model implementing the attack view, for tests: linear-Gaussian factors with
 * fixed seeded weights.
 *   q(z1 | x)      = N(A1 x + b1, exp(C1 x + c1))
 *   q(z2 | z1, x)  = N(A2 [z1, x], exp(c2))                   (two-layer variant only)
 *   p(z2) = N(0, I), p(z1 | z2) = N(P z2, I)                    (two-layer; else p(z1) = N(0, I))
 *   p(x | z)       = Bernoulli(logits = W [z1, z2] + w0)
 */

export interface LinearGaussianOptions {
  dataSize: number;
  dims: number[];
  seed: number;
  /** Scale of the encoder weights (larger: the encoding moves more with x). */
  scale?: number;
}

function seeded(seed: number): () => number {
  const random = createRandom(seed);
  return () => random() - 0.5;
}

export class LinearGaussianView implements AttackModelView {
  readonly dataSize: number;
  readonly range = [0, 1] as const;
  readonly latents: { name: string; dims: number }[];
  private readonly weights: tf.Tensor2D[] = [];
  private readonly random: () => number;

  private readonly a1: tf.Tensor2D;
  private readonly b1: tf.Tensor2D;
  private readonly c1w: tf.Tensor2D;
  private readonly c1: tf.Tensor2D;
  private readonly a2?: tf.Tensor2D;
  private readonly c2?: tf.Tensor2D;
  private readonly p?: tf.Tensor2D;
  private readonly w: tf.Tensor2D;
  private readonly w0: tf.Tensor2D;

  constructor(options: LinearGaussianOptions) {
    const { dataSize, dims } = options;
    const scale = options.scale ?? 1;
    this.dataSize = dataSize;
    this.random = seeded(options.seed);
    this.latents = dims.map((d, i) => ({ name: `z${i + 1}`, dims: d }));
    const d1 = dims[0];
    this.a1 = this.matrix(dataSize, d1, (2 * scale) / Math.sqrt(dataSize));
    this.b1 = this.matrix(1, d1, 0.5);
    this.c1w = this.matrix(dataSize, d1, 0.5 / Math.sqrt(dataSize));
    this.c1 = this.matrix(1, d1, 0.5, -1);
    const total = dims.reduce((s, d) => s + d, 0);
    if (dims.length === 2) {
      this.a2 = this.matrix(d1 + dataSize, dims[1], scale / Math.sqrt(d1 + dataSize));
      this.c2 = this.matrix(1, dims[1], 0.5, -0.5);
      this.p = this.matrix(dims[1], d1, 1);
    }
    this.w = this.matrix(total, dataSize, 3 / Math.sqrt(total));
    this.w0 = this.matrix(1, dataSize, 0.5);
  }

  private matrix(rows: number, cols: number, scale: number, shift = 0): tf.Tensor2D {
    const values = Float32Array.from(
      { length: rows * cols },
      () => shift + 2 * scale * this.random(),
    );
    const m = tf.tensor2d(values, [rows, cols]);
    this.weights.push(m);
    return m;
  }

  dispose(): void {
    for (const w of this.weights) w.dispose();
  }

  encode(x: tf.Tensor2D, path: EncodePath): EncodedLayer[] {
    const pick = (name: string, mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor2D => {
      if (path.kind === "mean") return mean;
      const eps = path.noise.get(name);
      if (!eps) throw new Error(`no noise for \`${name}\``);
      return tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), eps)) as tf.Tensor2D;
    };
    const mean1 = tf.add(tf.matMul(x, this.a1), this.b1) as tf.Tensor2D;
    const logVar1 = tf.add(tf.matMul(x, this.c1w), this.c1) as tf.Tensor2D;
    const z1 = pick("z1", mean1, logVar1);
    const out: EncodedLayer[] = [{ layer: "z1", mean: mean1, logVar: logVar1, z: z1 }];
    if (this.a2 && this.c2) {
      const mean2 = tf.matMul(tf.concat([z1, x], 1), this.a2) as tf.Tensor2D;
      const logVar2 = tf.add(tf.zerosLike(mean2), this.c2) as tf.Tensor2D;
      out.push({ layer: "z2", mean: mean2, logVar: logVar2, z: pick("z2", mean2, logVar2) });
    }
    return out;
  }

  prior(z: LatentValues): GaussianLayer[] {
    const z1 = z.get("z1")!;
    if (!this.p)
      return [
        { layer: "z1", mean: tf.zeros([1, z1.shape[1]]), logVar: tf.zeros([1, z1.shape[1]]) },
      ];
    const z2 = z.get("z2")!;
    return [
      { layer: "z1", mean: tf.matMul(z2, this.p), logVar: tf.scalar(0) },
      { layer: "z2", mean: tf.scalar(0), logVar: tf.scalar(0) },
    ];
  }

  private logits(z: LatentValues): tf.Tensor2D {
    const parts = this.latents.map((l) => z.get(l.name)!);
    return tf.add(
      tf.matMul(parts.length === 1 ? parts[0] : tf.concat(parts, 1), this.w),
      this.w0,
    ) as tf.Tensor2D;
  }

  logLikelihood(x: tf.Tensor2D, z: LatentValues): tf.Tensor1D {
    // Bernoulli on logits: x l - softplus(l).
    const l = this.logits(z);
    return tf.sum(tf.sub(tf.mul(x, l), tf.softplus(l)), 1) as tf.Tensor1D;
  }

  reconstruct(z: LatentValues): tf.Tensor2D {
    return tf.sigmoid(this.logits(z));
  }
}
