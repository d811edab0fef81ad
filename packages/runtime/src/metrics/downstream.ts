import * as tf from "@tensorflow/tfjs-core";
import { readAndDispose } from "../backend/webgpu/read-values.js";
import { latentValues, type AttackModelView } from "../attack/model-view.js";
import type { AttackRun } from "../attack/run-attack.js";
import type { Classifier } from "./classifier.js";

/*
 * Downstream attack success (the paper's downstream experiments): does the attack make a
 * classifier that reads the model's reconstructions see the target's class? Per pair, the class
 * predicted for the clean reconstruction of the source and for the adversarial reconstruction at
 * every lambda (the mean of p(x | z), z on the mean path of q(z | x + d), x + d clipped to the
 * box as the attack guarantees); success counts at the pair's chosen lambda.
 */

export interface PairDownstream {
  sourceClass: number;
  targetClass: number;
  /** Predicted class of the clean reconstruction of the source. */
  cleanPrediction: number;
  /** Predicted class of the adversarial reconstruction, one per lambda in grid order. */
  predictions: number[];
}

export interface DownstreamSummary {
  /** Fraction of pairs (source and target of different classes) whose adversarial
   * reconstruction at the chosen lambda is classified as the target's class. */
  success: number | null;
  /** Fraction of the pairs' clean source reconstructions classified as the source's class. */
  cleanAccuracy: number | null;
  /** Pairs counted in `success`. */
  pairs: number;
}

/** The predictions of every pair of one attack run. */
export async function downstreamPairs(
  view: AttackModelView,
  classifier: Classifier,
  sources: tf.Tensor2D,
  run: AttackRun,
  classes: { source: Int32Array; target: Int32Array },
  chunk = 128,
): Promise<PairDownstream[]> {
  const n = run.dataSize;
  const lambdas = run.lambdas.length;
  const [lo, hi] = view.range;
  const reconstruct = (x: tf.Tensor2D) =>
    view.reconstruct(latentValues(view.encode(x, { kind: "mean" })));
  const [cleanRecon] = await readAndDispose([tf.tidy(() => reconstruct(sources))]);
  const clean = await classifier.predict(cleanRecon);
  const total = run.pairs * lambdas;
  const adversarial = new Int32Array(total);
  for (let start = 0; start < total; start += chunk) {
    const rows = Math.min(chunk, total - start);
    const recon = tf.tidy(() => {
      const pair = tf.tensor1d(
        Int32Array.from({ length: rows }, (_, r) => Math.floor((start + r) / lambdas)),
        "int32",
      );
      const d = tf.tensor2d(run.perturbations.subarray(start * n, (start + rows) * n), [rows, n]);
      const x = tf.clipByValue(tf.add(tf.gather(sources, pair), d), lo, hi) as tf.Tensor2D;
      return reconstruct(x);
    });
    const [values] = await readAndDispose([recon]);
    adversarial.set(await classifier.predict(values), start);
  }
  return Array.from({ length: run.pairs }, (_, p) => ({
    sourceClass: classes.source[p],
    targetClass: classes.target[p],
    cleanPrediction: clean[p],
    predictions: Array.from(adversarial.subarray(p * lambdas, (p + 1) * lambdas)),
  }));
}

/** Success and clean accuracy over pairs, each judged at its chosen lambda index. */
export function summarizeDownstream(
  pairs: ReadonlyArray<{ downstream?: PairDownstream; chosenIndex: number }>,
): DownstreamSummary {
  const judged = pairs.filter((p) => p.downstream !== undefined);
  const differing = judged.filter((p) => p.downstream!.sourceClass !== p.downstream!.targetClass);
  const hits = differing.filter(
    (p) => p.downstream!.predictions[p.chosenIndex] === p.downstream!.targetClass,
  );
  const correct = judged.filter((p) => p.downstream!.cleanPrediction === p.downstream!.sourceClass);
  return {
    success: differing.length > 0 ? hits.length / differing.length : null,
    cleanAccuracy: judged.length > 0 ? correct.length / judged.length : null,
    pairs: differing.length,
  };
}
