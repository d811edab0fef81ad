import * as tf from "@tensorflow/tfjs-core";
import type { AttackKind, ModelIR } from "@vaec/compiler";
import {
  attackMetrics,
  attackModelView,
  chooseLambda,
  latentValues,
  runAttack,
  type AttackRequest,
  type Dataset,
  type RowMetrics,
  type VaeModel,
} from "@vaec/runtime/core";

/*
 * The paper's experiment for one (source, target) pair, on the page, with the runtime's own
 * attacks and metrics: each attack kind of the spec over the chosen lambdas (one, or a short
 * grid from which the paper's rule picks), then the panel images at the picked lambda.
 */

export interface AttackPanel {
  kind: AttackKind;
  lambda: number;
  metrics: RowMetrics;
  /** All rows of the lambda curve. */
  curve: RowMetrics[];
  images: {
    original: Float32Array;
    target: Float32Array;
    reconstruction: Float32Array;
    adversarial: Float32Array;
    distortion: Float32Array;
    adversarialReconstruction: Float32Array;
  };
}

export interface PairAttackOptions {
  source: number;
  target: number;
  lambdas: number[];
  /** Optimiser steps (the spec's attack optimizer, with its step count replaced). */
  steps: number;
}

export async function attackPair(
  model: VaeModel,
  ir: ModelIR,
  data: Dataset,
  options: PairAttackOptions,
): Promise<AttackPanel[]> {
  const view = attackModelView(model);
  const n = data.dim;
  const pixels = data.get([options.source, options.target]);
  const original = pixels.slice(0, n);
  const target = pixels.slice(n);
  const sources = tf.tensor2d(original, [1, n]);
  const targets = tf.tensor2d(target, [1, n]);
  const reconstructOf = async (x: Float32Array, rows: number): Promise<Float32Array> => {
    const out = tf.tidy(() => {
      const input = tf.tensor2d(x, [rows, n]);
      return view.reconstruct(latentValues(view.encode(input, { kind: "mean" })));
    });
    const values = (await out.data()) as Float32Array;
    out.dispose();
    return values;
  };
  try {
    const reconstruction = await reconstructOf(original, 1);
    const panels: AttackPanel[] = [];
    for (const kind of ir.attack.kinds) {
      const request: AttackRequest = {
        kind,
        sources,
        targets,
        lambdas: options.lambdas,
        layers: ir.attack.layers,
        path: ir.attack.path,
        optimizer: { ...ir.attack.optimizer, steps: options.steps },
        seed: ir.attack.seed,
      };
      const run = await runAttack(view, request);
      const curve = await attackMetrics(view, request, run, {
        samples: ir.attack.samples,
        seed: ir.attack.seed,
      });
      const choice = chooseLambda(
        curve.map((r) => r.lambda),
        curve.map((r) => r.delta),
      );
      const distortion = run.perturbations.slice(choice.index * n, (choice.index + 1) * n);
      const adversarial = original.map((v, i) => v + distortion[i]);
      panels.push({
        kind,
        lambda: choice.lambda,
        metrics: curve[choice.index],
        curve,
        images: {
          original,
          target,
          reconstruction,
          adversarial,
          distortion,
          adversarialReconstruction: await reconstructOf(adversarial, 1),
        },
      });
    }
    return panels;
  } finally {
    tf.dispose([sources, targets]);
  }
}
