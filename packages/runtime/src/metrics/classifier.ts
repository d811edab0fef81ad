import * as tf from "@tensorflow/tfjs-core";
import "../backend/register-gradients.js";
import { readAllValues, readAndDispose } from "../backend/webgpu/read-values.js";
import { permutation, dataRandom } from "../data/shuffle.js";
import { createRandom } from "../model/rng.js";
import { centreImages } from "./centre-images.js";

/*
 * The downstream classifier of the attack-success metric: an MLP with one hidden layer of 64
 * ReLU units, on images first centred on their centre of mass (centre-images.ts), which makes
 * position irrelevant so the small network learns shape from a few thousand examples in a few
 * seconds (a tiny conv net took ten times longer on the wasm backend and was less accurate at
 * the same budget). Trained with Adam on softmax cross-entropy, seeded (weights and batch
 * order), every step inside tf.tidy. Tensors are read asynchronously (WebGPU has no synchronous
 * read); the weights' values are kept on the host as well, so exporting them reads nothing.
 */

export interface ClassifierConfig {
  kind: "mlp";
  /** The data's shape, channels first: [H, W], [C, H, W] or [D]. */
  shape: number[];
  classes: number;
}

export interface TrainOptions {
  seed: number;
  steps: number;
  batch: number;
  lr: number;
}

export const CLASSIFIER_TRAINING: TrainOptions = { seed: 0, steps: 400, batch: 64, lr: 2e-3 };

export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

export function classifierConfig(shape: readonly number[], classes: number): ClassifierConfig {
  return { kind: "mlp", shape: [...shape], classes };
}

export class Classifier {
  private constructor(
    readonly config: ClassifierConfig,
    private readonly weights: Map<string, tf.Tensor>,
    private readonly values: readonly NamedWeight[],
  ) {}

  static fromWeights(config: ClassifierConfig, weights: readonly NamedWeight[]): Classifier {
    return new Classifier(
      config,
      new Map(weights.map((w) => [w.name, tf.tensor(w.values, w.shape)])),
      weights.map((w) => ({ name: w.name, shape: [...w.shape], values: w.values.slice() })),
    );
  }

  /** The predicted class of each row of `x` (rows x D, row-major). */
  async predict(rows: Float32Array, chunk = 256): Promise<Int32Array> {
    const x = prepare(this.config, rows);
    const d = this.config.shape.reduce((a, b) => a * b, 1);
    const n = x.length / d;
    const out = new Int32Array(n);
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      // As float32, which readValues returns: class indices are small whole numbers, exact.
      const predicted = tf.tidy(() =>
        tf.cast(
          tf.argMax(
            forward(
              (name) => this.weights.get(name)!,
              tf.tensor2d(x.subarray(start * d, (start + rows) * d), [rows, d]),
            ),
            1,
          ),
          "float32",
        ),
      );
      const [classes] = await readAndDispose([predicted]);
      out.set(classes, start);
    }
    return out;
  }

  exportWeights(): NamedWeight[] {
    return this.values.map((w) => ({ name: w.name, shape: [...w.shape], values: w.values }));
  }

  dispose(): void {
    tf.dispose([...this.weights.values()]);
  }
}

/** Trains a classifier on n labelled rows `x` (n x D) with classes `y`. */
export async function trainClassifier(
  config: ClassifierConfig,
  rows: Float32Array,
  y: Int32Array,
  options: TrainOptions = CLASSIFIER_TRAINING,
): Promise<Classifier> {
  const x = prepare(config, rows);
  const d = config.shape.reduce((a, b) => a * b, 1);
  const n = y.length;
  const random = createRandom(options.seed);
  const variables = new Map<string, tf.Variable>();
  for (const [name, shape, fanIn] of parameterShapes(config)) {
    // He-uniform weights, zero biases.
    const bound = name.endsWith(".b") ? 0 : Math.sqrt(6 / fanIn);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: size }, () => (2 * random() - 1) * bound);
    const initial = tf.tensor(values, shape);
    variables.set(name, tf.variable(initial, true, `classifier/${name}`));
    initial.dispose();
  }
  const optimizer = tf.train.adam(options.lr);
  const batch = Math.min(options.batch, n);
  const perEpoch = Math.max(1, Math.floor(n / batch));
  let order = permutation(n, dataRandom(options.seed, "classifier", 0));
  try {
    for (let step = 0; step < options.steps; step++) {
      const epoch = Math.floor(step / perEpoch);
      if (step > 0 && step % perEpoch === 0) {
        order = permutation(n, dataRandom(options.seed, "classifier", epoch));
      }
      const at = (step % perEpoch) * batch;
      const rows = new Float32Array(batch * d);
      const labels = new Int32Array(batch);
      for (let b = 0; b < batch; b++) {
        const i = order[at + b];
        rows.set(x.subarray(i * d, (i + 1) * d), b * d);
        labels[b] = y[i];
      }
      tf.tidy(() => {
        const input = tf.tensor2d(rows, [batch, d]);
        const target = tf.oneHot(tf.tensor1d(labels, "int32"), config.classes);
        optimizer.minimize(() => {
          const logits = forward((name) => variables.get(name)!, input);
          return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1))) as tf.Scalar;
        });
      });
    }
    const named = [...variables];
    const values = await readAllValues(named.map(([, v]) => v));
    return Classifier.fromWeights(
      config,
      named.map(([name, v], i) => ({ name, shape: [...v.shape], values: values[i] })),
    );
  } finally {
    optimizer.dispose();
    tf.dispose([...variables.values()]);
  }
}

/** Images centred on their centre of mass (centre-images.ts); flat data as it is. */
function prepare(config: ClassifierConfig, rows: Float32Array): Float32Array {
  return config.shape.length >= 2 ? centreImages(rows, config.shape) : rows;
}

/** [name, shape, fan-in] of every parameter. */
function parameterShapes(config: ClassifierConfig): Array<[string, number[], number]> {
  const d = config.shape.reduce((a, b) => a * b, 1);
  return [
    ["hidden.w", [d, 64], d],
    ["hidden.b", [64], d],
    ["out.w", [64, config.classes], 64],
    ["out.b", [config.classes], 64],
  ];
}

function forward(w: (name: string) => tf.Tensor, x: tf.Tensor2D): tf.Tensor2D {
  const hidden = tf.relu(tf.add(tf.matMul(x, w("hidden.w") as tf.Tensor2D), w("hidden.b")));
  return tf.add(tf.matMul(hidden as tf.Tensor2D, w("out.w") as tf.Tensor2D), w("out.b"));
}
