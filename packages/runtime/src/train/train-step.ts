import * as tf from "@tensorflow/tfjs-core";
import "../backend/register-gradients.js";
import type { VaeModel } from "../model/vae-model.js";
import type { Noise } from "../losses/noise.js";
import { computeObjective, termsToVector, type ObjectiveOptions } from "../losses/objective.js";
import { applyUpdate, globalNorm, type Optimizer } from "./optimizer.js";
import { readValues } from "../backend/webgpu/read-values.js";

export interface StepResult {
  /** The terms in `termNames(ir)` order. */
  values: Float32Array;
  /** False when some term is NaN or infinite: then no update was applied. */
  finite: boolean;
  /** The gradient's norm before clipping, when the optimizer clips (`clip_norm`). */
  gradNorm?: number;
}

/**
 * One optimisation step on batch `x`: gradients of the loss with respect to every parameter, and
 * the update at `learningRate` (default: the optimizer's `lr`), unless a term is not finite.
 * Leaves no tensors behind. The terms are read asynchronously (WebGPU in Node has no synchronous
 * read); a WebGPU error since the last read throws WebGpuFault before any update.
 */
export async function trainStep(
  model: VaeModel,
  optimizer: Optimizer,
  x: tf.Tensor2D,
  noise: Noise,
  options: ObjectiveOptions,
  learningRate: number = optimizer.settings.lr,
): Promise<StepResult> {
  const names = new Map<string, string>();
  for (const [name, variable] of model.params) names.set(variable.name, name);
  let vector: tf.Tensor | null = null;
  const { value, grads } = tf.variableGrads(() => {
    const terms = computeObjective(model, x, noise, options);
    vector = tf.keep(termsToVector(terms));
    return terms.loss;
  }, [...model.params.values()]);
  const kept = vector as unknown as tf.Tensor;
  const byName = new Map<string, tf.Tensor>();
  for (const [variableName, grad] of Object.entries(grads))
    byName.set(names.get(variableName) ?? variableName, grad);
  // Read with the terms (one read a step), so the log shows how hard clipping works.
  const norm = optimizer.settings.clipNorm === undefined ? undefined : globalNorm(byName);
  const read = norm ? tf.concat([kept, tf.reshape(norm, [1])]) : kept;
  try {
    const all = await readValues(read);
    const values = norm ? all.slice(0, -1) : all;
    const finite = values.every(Number.isFinite);
    if (finite) applyUpdate(optimizer, model.params, byName, learningRate, norm);
    const result = { values: Float32Array.from(values), finite };
    return norm ? { ...result, gradNorm: all[all.length - 1] } : result;
  } finally {
    tf.dispose([value, kept, read, ...(norm ? [norm] : []), ...Object.values(grads)]);
  }
}
