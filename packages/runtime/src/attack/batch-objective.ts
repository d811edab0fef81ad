import * as tf from "@tensorflow/tfjs-core";
import type { Gaussian } from "./divergences.js";
import type { AttackModelView } from "./model-view.js";
import {
  attackDivergence,
  gatherTargets,
  type CommonNoise,
  type ObjectiveSettings,
  type TargetTerms,
} from "./objectives.js";
import type { BatchObjective } from "./optim/box-problem.js";

/*
 * Delta and its gradient for the rows an optimiser round asks for (row id = pair * L + l), as
 * attackObjective defines them, but split where that is cheaper:
 * - lambda ||d||_eps and its gradient lambda d / ||d||_eps are computed here in float64, in the
 *   same pass that forms x + d from the sources kept as one Float32Array: no d tensor, no gather of
 *   [rows, dataSize] sources, no norm kernels forward and backward;
 * - only the divergence goes through tfjs: one tensor x + d in, its value and gradient with respect
 *   to x + d out (equal to the gradient with respect to d);
 * - the per-row target terms (gathered by pair) are rebuilt only when the set of running rows
 *   changes, which is a few times per attack, not every round.
 * The packed gradient buffer is reused every round (runBatch copies nothing out of it that it
 * keeps past the round).
 */
export interface AttackBatchObjective {
  evaluate: BatchObjective;
  /** Batched evaluation rounds so far. */
  readonly rounds: number;
  /** Disposes the cached per-row tensors. */
  dispose(): void;
}

export function attackBatchObjective(
  view: AttackModelView,
  sources: Float32Array,
  targetData: Float32Array,
  targets: TargetTerms,
  lambdas: readonly number[],
  settings: ObjectiveSettings,
  noise: CommonNoise,
): AttackBatchObjective {
  const n = view.dataSize;
  const count = lambdas.length;
  const eps2 = settings.normEps * settings.normEps;
  let xAdv = new Float32Array(0);
  let grad = new Float64Array(0);
  let f = new Float64Array(0);
  let norms = new Float64Array(0);
  let cached: { ids: number[]; terms: TargetTerms; tensors: tf.Tensor[] } | null = null;
  let rounds = 0;

  /** The targets' terms for these rows, gathered once per distinct set of rows. */
  const rowTargets = (ids: readonly number[]): TargetTerms => {
    if (cached && sameIds(cached.ids, ids)) return cached.terms;
    if (cached) tf.dispose(cached.tensors);
    const pairs = Int32Array.from(ids, (id) => Math.floor(id / count));
    const tensors: tf.Tensor[] = [];
    const layers = new Map<string, Gaussian>();
    const pairIndex = tf.tensor1d(pairs, "int32");
    const gathered = gatherTargets(targets, pairIndex, false);
    pairIndex.dispose();
    for (const [name, g] of gathered.layers) {
      layers.set(name, g);
      tensors.push(g.mean, g.logVar);
    }
    // Latent attacks never read x_t itself; the output attack scores it, row by row.
    let x = targets.x;
    if (settings.kind === "output") {
      const rows = new Float32Array(ids.length * n);
      for (let r = 0; r < ids.length; r++)
        rows.set(targetData.subarray(pairs[r] * n, (pairs[r] + 1) * n), r * n);
      x = tf.tensor2d(rows, [ids.length, n]);
      tensors.push(x);
    }
    cached = { ids: [...ids], terms: { x, layers }, tensors };
    return cached.terms;
  };

  const evaluate: BatchObjective = async (points, ids) => {
    rounds++;
    const rows = ids.length;
    if (xAdv.length < rows * n) {
      xAdv = new Float32Array(rows * n);
      grad = new Float64Array(rows * n);
      f = new Float64Array(rows);
      norms = new Float64Array(rows);
    }
    for (let r = 0; r < rows; r++) {
      const src = Math.floor(ids[r] / count) * n;
      const row = r * n;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const d = points[row + i];
        xAdv[row + i] = sources[src + i] + d;
        sq += d * d;
      }
      norms[r] = Math.sqrt(sq + eps2);
    }
    const target = rowTargets(ids);
    const [value, gradX] = tf.tidy(() => {
      const x = tf.tensor2d(xAdv.subarray(0, rows * n), [rows, n]);
      const fg = tf.valueAndGrad((xa: tf.Tensor) =>
        attackDivergence(view, xa as tf.Tensor2D, target, settings, noise),
      );
      const { value, grad } = fg(x);
      return [value, grad];
    });
    let divergence: ArrayLike<number>;
    let gx: ArrayLike<number>;
    try {
      [divergence, gx] = await Promise.all([value.data(), gradX.data()]);
    } finally {
      value.dispose();
      gradX.dispose();
    }
    for (let r = 0; r < rows; r++) {
      const lambda = lambdas[ids[r] % count];
      f[r] = lambda * norms[r] + divergence[r];
      const scale = lambda / norms[r];
      const row = r * n;
      for (let i = 0; i < n; i++) grad[row + i] = gx[row + i] + scale * points[row + i];
    }
    return { f: f.subarray(0, rows), grad: grad.subarray(0, rows * n) };
  };

  return {
    evaluate,
    get rounds() {
      return rounds;
    },
    dispose() {
      if (cached) tf.dispose(cached.tensors);
      cached = null;
    },
  };
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
