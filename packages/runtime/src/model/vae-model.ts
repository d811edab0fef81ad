import * as tf from "@tensorflow/tfjs-core";
import type { ModelIR } from "@vaec/compiler";
import { modelParameterSpecs, type ParameterSpec } from "./parameter-specs.js";
import { createRandom, deriveSeed } from "./rng.js";

/** A model ready to run: the IR plus one named tfjs variable per parameter. */
export interface VaeModel {
  ir: ModelIR;
  specs: ParameterSpec[];
  params: Map<string, tf.Variable>;
}

function initialValues(spec: ParameterSpec, seed: number): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  const init = spec.init;
  if (init.kind === "constant") values.fill(init.value);
  if (init.kind === "glorot-uniform") {
    // Each parameter's stream depends only on the seed and its name, so adding a factor to a spec
    // does not change the initial weights of the others.
    const random = createRandom(deriveSeed(seed, "init", spec.name));
    const limit = Math.sqrt(6 / (init.fanIn + init.fanOut));
    for (let i = 0; i < size; i++) values[i] = (2 * random() - 1) * limit;
  }
  return values;
}

/** Builds the model's variables with weights initialised from `seed`. */
export function createModel(ir: ModelIR, seed: number): VaeModel {
  const specs = modelParameterSpecs(ir);
  const params = new Map<string, tf.Variable>();
  for (const spec of specs) {
    const value = tf.tensor(initialValues(spec, seed), spec.shape, "float32");
    // tfjs variable names are global; ours live in the map so several models can coexist.
    params.set(spec.name, tf.variable(value, true));
    value.dispose();
  }
  return { ir, specs, params };
}

export function disposeModel(model: VaeModel): void {
  for (const variable of model.params.values()) variable.dispose();
  model.params.clear();
}

export function getParameter(model: VaeModel, name: string): tf.Variable {
  const variable = model.params.get(name);
  if (!variable) throw new Error(`the model has no parameter \`${name}\``);
  return variable;
}
