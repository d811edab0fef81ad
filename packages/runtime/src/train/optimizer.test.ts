import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import type { Optimizer as OptimizerSettings } from "@vaec/compiler";
import { loadBlasAddon } from "../backend/blas/blas-addon.js";
import { isAdamInPlace, isFusedAdamInstalled } from "../backend/fused-adam.js";
import { initBackend } from "../backend/init-backend.js";
import { applyUpdate, createOptimizer, disposeOptimizer } from "./optimizer.js";

const settings = {
  kind: "adam",
  lr: 0.01,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
} as const satisfies OptimizerSettings;
const shapes: Record<string, number[]> = { "p.z/dense0/kernel": [37, 5], "p.z/dense0/bias": [5] };
const gradient = (name: string, t: number) =>
  tf.randomNormal(shapes[name], 0, 1, "float32", 10 * t + shapes[name].length);

/** Three steps of `applyUpdate`; returns every parameter and state value, and the tensor counts. */
function runVaec() {
  const params = new Map<string, tf.Variable>();
  for (const [name, shape] of Object.entries(shapes))
    params.set(name, tf.variable(tf.randomNormal(shape, 0, 1, "float32", shape.length)));
  const optimizer = createOptimizer(settings, params);
  const before = tf.memory().numTensors;
  for (let t = 1; t <= 3; t++) {
    const grads = new Map(Object.keys(shapes).map((name) => [name, gradient(name, t)]));
    applyUpdate(optimizer, params, grads);
    tf.dispose([...grads.values()]);
  }
  const after = tf.memory().numTensors;
  const values = new Map<string, number[]>();
  for (const [name, p] of params) values.set(name, Array.from(p.dataSync()));
  for (const [name, s] of optimizer.state) values.set(name, Array.from(s.dataSync()));
  const stateNames = [...optimizer.state.keys()];
  const iterations = optimizer.iterations;
  disposeOptimizer(optimizer);
  tf.dispose([...params.values()]);
  return { values, stateNames, iterations, before, after };
}

/** The same three steps with tfjs's own Adam. */
function runTfjs(): Map<string, number[]> {
  const params = Object.entries(shapes).map(([, shape]) =>
    tf.variable(tf.randomNormal(shape, 0, 1, "float32", shape.length)),
  );
  const opt = tf.train.adam(settings.lr, settings.beta1, settings.beta2, settings.epsilon);
  for (let t = 1; t <= 3; t++) {
    const grads: Record<string, tf.Tensor> = {};
    Object.keys(shapes).forEach((name, i) => (grads[params[i].name] = gradient(name, t)));
    opt.applyGradients(grads as unknown as Parameters<typeof opt.applyGradients>[0]);
    tf.dispose(Object.values(grads));
  }
  const values = new Map<string, number[]>();
  Object.keys(shapes).forEach((name, i) => values.set(name, Array.from(params[i].dataSync())));
  opt.dispose();
  tf.dispose(params);
  return values;
}

function expectAdam() {
  const vaec = runVaec();
  const reference = runTfjs();
  // The checkpoint format: one `adam/m/<param>` and one `adam/v/<param>` variable per parameter.
  expect(vaec.stateNames.sort()).toEqual(
    Object.keys(shapes)
      .flatMap((name) => [`adam/m/${name}`, `adam/v/${name}`])
      .sort(),
  );
  expect(vaec.iterations).toBe(3);
  expect(vaec.after).toBe(vaec.before);
  for (const [name, values] of reference) {
    const got = vaec.values.get(name)!;
    values.forEach((x, i) => expect(Math.abs(got[i] - x)).toBeLessThan(1e-5));
  }
}

describe("applyUpdate with Adam", () => {
  it("matches tfjs's Adam through the fused kernel on wasm, leaving no tensors", async () => {
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0", VAEC_WASM_THREADS: "0" } });
    expect(isFusedAdamInstalled()).toBe(true);
    expectAdam();
  });

  // The moments are variables the checkpoint saves: updated in place they must keep their names
  // and values (the default on wasm), in JavaScript above and in the addon's loop here.
  it.skipIf(loadBlasAddon().kind !== "loaded")(
    "matches it with the moments updated in place by the native loop",
    async () => {
      await initBackend({ backend: "wasm", env: { VAEC_WASM_THREADS: "0" } });
      expect(isAdamInPlace()).toBe(true);
      expectAdam();
      await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0", VAEC_WASM_THREADS: "0" } });
    },
  );

  it("matches it with the moments in new buffers (VAEC_ADAM_IN_PLACE=0)", async () => {
    await initBackend({
      backend: "wasm",
      env: { VAEC_BLAS: "0", VAEC_WASM_THREADS: "0", VAEC_ADAM_IN_PLACE: "0" },
    });
    expect(isAdamInPlace()).toBe(false);
    expectAdam();
    await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0", VAEC_WASM_THREADS: "0" } });
  });

  it("matches tfjs's Adam through the composed ops on cpu, leaving no tensors", async () => {
    await tf.setBackend("cpu");
    expectAdam();
  });
});

describe("applyUpdate's learning rate (the schedule's, per step)", () => {
  /** How far one update at `learningRate` moves every parameter value. */
  function displacement(learningRate: number | undefined): number[] {
    const params = new Map<string, tf.Variable>();
    for (const [name, shape] of Object.entries(shapes))
      params.set(name, tf.variable(tf.randomNormal(shape, 0, 1, "float32", shape.length)));
    const start = [...params.values()].flatMap((p) => Array.from(p.dataSync()));
    const optimizer = createOptimizer(settings, params);
    const grads = new Map(Object.keys(shapes).map((name) => [name, gradient(name, 1)]));
    const before = tf.memory().numTensors;
    applyUpdate(optimizer, params, grads, learningRate);
    expect(tf.memory().numTensors).toBe(before);
    const end = [...params.values()].flatMap((p) => Array.from(p.dataSync()));
    tf.dispose([...grads.values(), ...params.values()]);
    disposeOptimizer(optimizer);
    return end.map((v, i) => v - start[i]);
  }

  it.each(["wasm", "cpu"])(
    "reaches the update on %s: 0 moves nothing, half moves half",
    async (b) => {
      if (b === "wasm")
        await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0", VAEC_WASM_THREADS: "0" } });
      else await tf.setBackend("cpu");
      const full = displacement(undefined);
      const half = displacement(settings.lr / 2);
      expect(displacement(0).every((d) => d === 0)).toBe(true);
      expect(full.some((d) => Math.abs(d) > 1e-3)).toBe(true);
      full.forEach((d, i) => expect(half[i]).toBeCloseTo(d / 2, 6));
    },
  );
});

describe("applyUpdate's gradient clipping (`clip_norm`)", () => {
  /** One plain SGD step (update = -lr g, so the step shows the gradient it used). */
  function sgdStep(clipNorm: number | undefined) {
    const sgd: OptimizerSettings = {
      kind: "sgd",
      lr: 1,
      momentum: 0,
      ...(clipNorm && { clipNorm }),
    };
    const params = new Map<string, tf.Variable>();
    for (const [name, shape] of Object.entries(shapes))
      params.set(name, tf.variable(tf.zeros(shape)));
    const optimizer = createOptimizer(sgd, params);
    const grads = new Map(Object.keys(shapes).map((name) => [name, gradient(name, 1)]));
    const norm = Math.hypot(...[...grads.values()].flatMap((g) => Array.from(g.dataSync())));
    const before = tf.memory().numTensors;
    applyUpdate(optimizer, params, grads);
    expect(tf.memory().numTensors).toBe(before);
    const step = [...params.values()].flatMap((p) => Array.from(p.dataSync()));
    tf.dispose([...grads.values(), ...params.values()]);
    disposeOptimizer(optimizer);
    return { step, norm };
  }

  it.each(["wasm", "cpu"])(
    "scales a gradient longer than the bound down to it on %s, and leaves a shorter one",
    async (b) => {
      if (b === "wasm")
        await initBackend({ backend: "wasm", env: { VAEC_BLAS: "0", VAEC_WASM_THREADS: "0" } });
      else await tf.setBackend("cpu");
      const free = sgdStep(undefined);
      expect(free.norm).toBeGreaterThan(4);
      const clipped = sgdStep(2);
      expect(Math.hypot(...clipped.step)).toBeCloseTo(2, 4);
      clipped.step.forEach((d, i) => expect(d).toBeCloseTo((free.step[i] * 2) / free.norm, 5));
      const loose = sgdStep(free.norm * 2);
      loose.step.forEach((d, i) => expect(d).toBeCloseTo(free.step[i], 6));
    },
  );
});
