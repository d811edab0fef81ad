import * as tf from "@tensorflow/tfjs-core";
import { chooseLambda } from "./choose-lambda.js";
import { distortionNorm } from "./divergences.js";
import { latentValues, type AttackModelView } from "./model-view.js";
import { attackDivergence, drawCommonNoise, gatherTargets } from "./objectives.js";
import { prepareAttack, type AttackRequest, type AttackRun } from "./run-attack.js";

/*
 * The metrics of docs/design.md section 4 for every (pair, lambda) row of an attack run:
 * - delta: Delta reached, lambda ||d|| + divergence (exact norm, the objective's own path and
 *   common random numbers), and deltaWithoutLambda, the divergence alone;
 * - distortion: ||d||;
 * - logLikelihoodTarget: log p(x_t | z*) averaged over K draws z* ~ q(z | x + d) (the draws are
 *   K fixed standard-normal vectors per latent from `seed`, shared by all rows, so a row's value
 *   does not depend on which rows are evaluated with it);
 * - l2ToTarget, l2ToSource: Euclidean distance from the adversarial reconstruction (the mean of
 *   p(x | z) with z along the mean path of q(z | x + d)) to x_t and to x.
 * Then per pair the lambda the paper's rule picks (choose-lambda.ts) from the whole curve.
 */

export interface RowMetrics {
  pair: number;
  lambdaIndex: number;
  lambda: number;
  delta: number;
  deltaWithoutLambda: number;
  distortion: number;
  logLikelihoodTarget: number;
  l2ToTarget: number;
  l2ToSource: number;
}

export interface MetricsOptions {
  /** K draws z* ~ q(z | x + d) for log p(x_t | z*). */
  samples: number;
  seed: number;
  /** Rows evaluated per tfjs call (bounds memory). */
  chunkRows?: number;
}

export async function attackMetrics(
  view: AttackModelView,
  request: AttackRequest,
  run: AttackRun,
  options: MetricsOptions,
): Promise<RowMetrics[]> {
  const prepared = prepareAttack(view, request);
  const draws = drawCommonNoise(view, options.samples, options.seed, "metrics");
  try {
    const n = run.dataSize;
    const count = run.lambdas.length;
    const total = run.pairs * count;
    const chunk = Math.max(1, options.chunkRows ?? 256);
    const metrics: RowMetrics[] = [];
    for (let start = 0; start < total; start += chunk) {
      const rows = Math.min(chunk, total - start);
      const ids = Array.from({ length: rows }, (_, r) => start + r);
      const outputs = tf.tidy(() => {
        const d = tf.tensor2d(run.perturbations.subarray(start * n, (start + rows) * n), [rows, n]);
        const pairIndex = tf.tensor1d(
          Int32Array.from(ids, (id) => Math.floor(id / count)),
          "int32",
        );
        const lambda = tf.tensor1d(Float32Array.from(ids, (id) => run.lambdas[id % count]));
        const x = tf.gather(request.sources, pairIndex) as tf.Tensor2D;
        const target = gatherTargets(prepared.targets, pairIndex);
        const xAdv = tf.add(x, d) as tf.Tensor2D;
        const divergence = attackDivergence(view, xAdv, target, prepared.settings, prepared.noise);
        const norm = distortionNorm(d, 0);
        const delta = tf.add(tf.mul(lambda, norm), divergence);
        const logLik = sampledLogLikelihood(view, xAdv, target.x, draws);
        const recon = view.reconstruct(latentValues(view.encode(xAdv, { kind: "mean" })));
        const l2ToTarget = tf.sqrt(tf.sum(tf.square(tf.sub(recon, target.x)), 1));
        const l2ToSource = tf.sqrt(tf.sum(tf.square(tf.sub(recon, x)), 1));
        return tf.stack([delta, divergence, norm, logLik, l2ToTarget, l2ToSource]);
      });
      const values = await outputs.data();
      outputs.dispose();
      for (let r = 0; r < rows; r++) {
        const id = start + r;
        metrics.push({
          pair: Math.floor(id / count),
          lambdaIndex: id % count,
          lambda: run.lambdas[id % count],
          delta: values[r],
          deltaWithoutLambda: values[rows + r],
          distortion: values[2 * rows + r],
          logLikelihoodTarget: values[3 * rows + r],
          l2ToTarget: values[4 * rows + r],
          l2ToSource: values[5 * rows + r],
        });
      }
    }
    return metrics;
  } finally {
    for (const t of draws.values()) t.dispose();
    prepared.release();
  }
}

/** mean_k log p(x_t | z*_k), z*_k = the reparameterised draw k along q's chain at x + d: [rows]. */
function sampledLogLikelihood(
  view: AttackModelView,
  xAdv: tf.Tensor2D,
  xTarget: tf.Tensor2D,
  draws: ReadonlyMap<string, tf.Tensor2D>,
): tf.Tensor1D {
  const rows = xAdv.shape[0];
  const k = draws.values().next().value?.shape[0] ?? 1;
  const noise = new Map<string, tf.Tensor2D>();
  for (const [name, d] of draws) {
    noise.set(name, tf.reshape(tf.tile(tf.expandDims(d, 1), [1, rows, 1]), [k * rows, d.shape[1]]));
  }
  const encoded = view.encode(tf.tile(xAdv, [k, 1]), { kind: "sample", noise });
  const logLik = view.logLikelihood(tf.tile(xTarget, [k, 1]), latentValues(encoded));
  return tf.mean(tf.reshape(logLik, [k, rows]), 0) as tf.Tensor1D;
}

export interface PairSummary {
  pair: number;
  /** The row the paper's rule picks for this pair. */
  chosen: RowMetrics;
  /** The mean of Delta over the pair's lambdas that the rule compared against. */
  meanDelta: number;
  /** Every lambda's row, in grid order. */
  curve: RowMetrics[];
}

/** Per pair: the whole lambda curve and the row chosen by the paper's rule on Delta (with lambda). */
export function summarizePairs(metrics: readonly RowMetrics[]): PairSummary[] {
  const byPair = new Map<number, RowMetrics[]>();
  for (const m of metrics) {
    const list = byPair.get(m.pair) ?? [];
    list.push(m);
    byPair.set(m.pair, list);
  }
  return [...byPair.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([pair, rows]) => {
      const curve = [...rows].sort((a, b) => a.lambdaIndex - b.lambdaIndex);
      const choice = chooseLambda(
        curve.map((r) => r.lambda),
        curve.map((r) => r.delta),
      );
      return { pair, chosen: curve[choice.index], meanDelta: choice.mean, curve };
    });
}
