import * as tf from "@tensorflow/tfjs-core";
import type { AttackKind, AttackSettings } from "@vaec/compiler";
import type { AttackModelView } from "./model-view.js";
import { attackBatchObjective } from "./batch-objective.js";
import {
  drawCommonNoise,
  encodeTargets,
  type ObjectiveSettings,
  type TargetTerms,
} from "./objectives.js";
import type { BoxProblem, BoxStatus } from "./optim/box-problem.js";
import { lbfgsbBatch, type LbfgsbOptions } from "./optim/lbfgsb.js";
import { projectedAdamBatch } from "./optim/projected-adam.js";
import type { BatchProgress } from "./optim/run-batch.js";

/*
 * One attack kind over every (pair, lambda) as ONE batched problem: row r = pair * L + l holds
 * pair `pair` attacked with lambdas[l], with its own optimiser state. Each optimiser round gathers
 * the rows still running into one tensor and evaluates Delta and its gradient for all of them in
 * one tfjs call.
 */

export type AttackOptimizer = AttackSettings["optimizer"] & {
  /** L-BFGS-B tolerances (defaults: see DEFAULT_LBFGSB). */
  pgtol?: number;
  ftol?: number;
};

export interface AttackRequest {
  kind: AttackKind;
  /** Sources x, [P, dataSize]. */
  sources: tf.Tensor2D;
  /** Targets x_t, [P, dataSize]. */
  targets: tf.Tensor2D;
  lambdas: readonly number[];
  /** Latents summed over by the latent attacks. */
  layers: readonly string[];
  path: "mean" | "sample";
  optimizer: AttackOptimizer;
  seed: number;
  /** Common random numbers K for the output attack's expectation (default 1). */
  objectiveSamples?: number;
  /** Smoothing of ||d|| while optimising (default 1e-6). */
  normEps?: number;
  onRound?: (progress: BatchProgress) => void;
}

export interface AttackRowStatus {
  status: BoxStatus;
  iterations: number;
  evaluations: number;
  /** Delta as the optimiser last evaluated it (smoothed norm, float32 model). */
  objective: number;
}

export interface AttackRun {
  kind: AttackKind;
  pairs: number;
  lambdas: number[];
  dataSize: number;
  /** Final perturbations d, row-major [pairs * lambdas, dataSize], row = pair * L + l. */
  perturbations: Float32Array;
  rows: AttackRowStatus[];
  /** Batched evaluation rounds (one tfjs forward + backward each). */
  rounds: number;
}

export const DEFAULT_NORM_EPS = 1e-6;

export function objectiveSettings(request: AttackRequest): ObjectiveSettings {
  return {
    kind: request.kind,
    layers: request.layers,
    path: request.path,
    normEps: request.normEps ?? DEFAULT_NORM_EPS,
  };
}

/**
 * Runs the targets' side once and keeps it (and the common random numbers) until `release`; shared
 * by the optimisation and the metrics so both see the same objective.
 */
export function prepareAttack(view: AttackModelView, request: AttackRequest) {
  const [pairs, width] = request.sources.shape;
  if (
    request.targets.shape[0] !== pairs ||
    request.targets.shape[1] !== width ||
    width !== view.dataSize
  ) {
    throw new Error(
      `sources ${request.sources.shape} and targets ${request.targets.shape} must both be [pairs, ${view.dataSize}]`,
    );
  }
  const settings = objectiveSettings(request);
  const noise = drawCommonNoise(view, request.objectiveSamples ?? 1, request.seed);
  const kept: tf.Tensor[] = [...noise.values()];
  const layers = new Map<string, { mean: tf.Tensor; logVar: tf.Tensor }>();
  tf.tidy(() => {
    const terms = encodeTargets(view, request.targets, settings, noise);
    for (const [name, g] of terms.layers) {
      layers.set(name, { mean: tf.keep(g.mean), logVar: tf.keep(g.logVar) });
      kept.push(g.mean, g.logVar);
    }
  });
  const targets: TargetTerms = { x: request.targets, layers };
  return {
    pairs,
    settings,
    noise,
    targets,
    release: () => {
      for (const t of kept) t.dispose();
    },
  };
}

export async function runAttack(view: AttackModelView, request: AttackRequest): Promise<AttackRun> {
  const prepared = prepareAttack(view, request);
  try {
    const { pairs, settings, noise, targets } = prepared;
    const n = view.dataSize;
    const lambdas = [...request.lambdas];
    const count = lambdas.length;
    const [lo, hi] = view.range;
    const sourceData = await request.sources.data();
    const problems: BoxProblem[] = [];
    for (let p = 0; p < pairs; p++) {
      const lower = new Float64Array(n);
      const upper = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        lower[i] = lo - sourceData[p * n + i];
        upper[i] = hi - sourceData[p * n + i];
      }
      for (let l = 0; l < count; l++) problems.push({ x0: new Float64Array(n), lower, upper });
    }

    const objective = attackBatchObjective(
      view,
      Float32Array.from(sourceData),
      Float32Array.from(await request.targets.data()),
      targets,
      lambdas,
      settings,
      noise,
    );
    const evaluate = objective.evaluate;
    const o = request.optimizer;
    const results = await (
      o.kind === "lbfgsb"
        ? lbfgsbBatch(problems, evaluate, lbfgsbOptions(o), request.onRound)
        : projectedAdamBatch(problems, evaluate, { steps: o.steps, lr: o.lr }, request.onRound)
    ).finally(() => objective.dispose());

    const perturbations = new Float32Array(problems.length * n);
    results.forEach((r, row) => perturbations.set(r.x, row * n));
    return {
      kind: request.kind,
      pairs,
      lambdas,
      dataSize: n,
      perturbations,
      rows: results.map((r) => ({
        status: r.status,
        iterations: r.iterations,
        evaluations: r.evaluations,
        objective: r.f,
      })),
      rounds: objective.rounds,
    };
  } finally {
    prepared.release();
  }
}

function lbfgsbOptions(o: AttackOptimizer & { kind: "lbfgsb" }): Partial<LbfgsbOptions> {
  const options: Partial<LbfgsbOptions> = { maxIterations: o.steps, memory: o.memory };
  if (o.pgtol !== undefined) options.pgtol = o.pgtol;
  if (o.ftol !== undefined) options.ftol = o.ftol;
  return options;
}
