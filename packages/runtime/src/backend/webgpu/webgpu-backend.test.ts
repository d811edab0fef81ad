import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, describe, expect, it } from "vitest";
import { attackModelView } from "../../attack/vae-model-view.js";
import { ladderIr } from "../../../test-support/ir-fixture.js";
import { createModel, disposeModel, type VaeModel } from "../../model/vae-model.js";
import { runAttack, type AttackRequest } from "../../attack/run-attack.js";
import { evaluateModel } from "../../eval/evaluate.js";
import { readLatestCheckpoint } from "../../checkpoint/load-checkpoint.js";
import { createOptimizer, disposeOptimizer } from "../../train/optimizer.js";
import { syntheticBinaryDataset } from "../../../test-support/synthetic-data.js";
import { runTrainLoop } from "../../train/train-loop.js";
import { BackendError } from "../backend-diagnostics.js";
import { initBackend } from "../init-backend.js";
import { clearGpuFault, WebGpuFault } from "./gpu-fault.js";
import { gpuFault } from "./webgpu-diagnostics.js";
import { readValues } from "./read-values.js";

/*
 * The webgpu backend against the cpu backend on the same tiny model: training, evaluation and an
 * attack give the same numbers within TOLERANCE (relative, float32 sums in another order on the
 * GPU). CI has no GPU: this runs on Mesa's software adapter (llvmpipe through Dawn's OpenGL ES
 * backend), which `.ci/run` installs. Without any adapter the tests are skipped, and say so.
 */

const TOLERANCE = 1e-4;

const started = await initBackend({ backend: "webgpu" }).then(
  (info) => ({ info }),
  (error: unknown) => {
    if (!(error instanceof BackendError)) throw error;
    return { reason: error.message };
  },
);
if ("reason" in started) {
  console.warn(`webgpu tests SKIPPED: no WebGPU adapter on this machine (${started.reason})`);
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  await tf.setBackend("cpu");
});

const ir = ladderIr({
  layers: [3, 2],
  hidden: [24],
  penalties: [{ kind: "tc", latent: "z2", beta: 2, estimator: "mss" }],
  train: {
    optimizer: { kind: "adam", lr: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    batch: 32,
  },
});
const train = syntheticBinaryDataset(256, 1);
const heldOut = syntheticBinaryDataset(64, 2);

async function trainOn(backend: "cpu" | "webgpu", steps: number, onStep?: (step: number) => void) {
  await tf.setBackend(backend);
  const model = createModel(ir, 5);
  const optimizer = createOptimizer(ir.train.optimizer, model.params);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vaec-${backend}-`));
  dirs.push(dir);
  const losses: Array<Record<string, number>> = [];
  const counts: number[] = [];
  const run = runTrainLoop({
    model,
    optimizer,
    train,
    seed: 5,
    batch: 32,
    startStep: 0,
    totalSteps: steps,
    checkpointsDir: dir,
    checkpointEvery: 2,
    onStep: (event) => {
      losses.push(event.terms);
      counts.push(tf.memory().numTensors);
      onStep?.(event.step);
    },
  });
  return { model, optimizer, dir, losses, counts, run };
}

function expectClose(actual: number, expected: number, what: string): void {
  const scale = Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected) / scale, `${what}: ${actual} vs ${expected}`).toBeLessThan(
    TOLERANCE,
  );
}

async function parameters(model: VaeModel): Promise<Float32Array[]> {
  return Promise.all([...model.params.values()].map((p) => p.data() as Promise<Float32Array>));
}

describe.skipIf("reason" in started)("webgpu against cpu (software adapter in CI)", () => {
  it("trains a few steps with the same losses and weights, tensor count flat", async () => {
    const cpu = await trainOn("cpu", 6);
    await cpu.run;
    const gpu = await trainOn("webgpu", 6);
    expect((await gpu.run).status).toBe("completed");
    for (let s = 0; s < 6; s++) {
      for (const [term, value] of Object.entries(cpu.losses[s]))
        expectClose(gpu.losses[s][term], value, `step ${s + 1} ${term}`);
    }
    expect(new Set(gpu.counts).size).toBe(1);
    const [a, b] = [await parameters(cpu.model), await parameters(gpu.model)];
    a.forEach((values, i) => values.forEach((v, j) => expectClose(b[i][j], v, `param ${i}[${j}]`)));
    // Evaluation of the trained weights, each on its own backend.
    await tf.setBackend("cpu");
    const evalCpu = await evaluateModel(cpu.model, heldOut, { seed: 0, iwSamples: 3 });
    await tf.setBackend("webgpu");
    const before = tf.memory().numTensors;
    const evalGpu = await evaluateModel(gpu.model, heldOut, { seed: 0, iwSamples: 3 });
    expect(tf.memory().numTensors).toBe(before);
    for (const key of ["elbo", "iwae", "logLik"] as const)
      expectClose(evalGpu[key], evalCpu[key], `eval ${key}`);
    for (const [layer, kl] of Object.entries(evalCpu.kl))
      expectClose(evalGpu.kl[layer], kl, `eval kl.${layer}`);
    for (const run of [cpu, gpu]) {
      disposeModel(run.model);
      disposeOptimizer(run.optimizer);
    }
  }, 120_000);

  it("multiplies a long inner dimension into a small output right (a layer's input gradient)", async () => {
    // The shape for which tfjs picks its split-K program, wrong on llvmpipe (start-webgpu.ts).
    const a = Float32Array.from({ length: 16 * 4096 }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: 32 * 4096 }, (_, i) => Math.cos(i * 0.7));
    const product = async (backend: "cpu" | "webgpu") => {
      await tf.setBackend(backend);
      const [x, w] = [tf.tensor2d(a, [16, 4096]), tf.tensor2d(b, [32, 4096])];
      const out = tf.matMul(x, w, false, true);
      const values = await readValues(out);
      tf.dispose([x, w, out]);
      return values;
    };
    const cpu = await product("cpu");
    const gpu = await product("webgpu");
    cpu.forEach((v, i) => expect(Math.abs(gpu[i] - v), `[${i}]`).toBeLessThan(1e-3));
  });

  it("attacks with the same results", async () => {
    const attack = async (backend: "cpu" | "webgpu") => {
      await tf.setBackend(backend);
      const model = createModel(ir, 4);
      const sources = tf.tensor2d(heldOut.get([0, 1]), [2, heldOut.dim]);
      const targets = tf.tensor2d(heldOut.get([2, 3]), [2, heldOut.dim]);
      const request: AttackRequest = {
        kind: "kl",
        sources,
        targets,
        lambdas: [0, 0.5],
        layers: ["z1", "z2"],
        path: "mean",
        optimizer: { kind: "lbfgsb", steps: 5, memory: 5 },
        seed: 2,
        objectiveSamples: 2,
      };
      const before = tf.memory().numTensors;
      const run = await runAttack(attackModelView(model), request);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([sources, targets]);
      disposeModel(model);
      return run;
    };
    const cpu = await attack("cpu");
    const gpu = await attack("webgpu");
    expect(gpu.rows.map((r) => r.iterations)).toEqual(cpu.rows.map((r) => r.iterations));
    cpu.perturbations.forEach((v, i) => expectClose(gpu.perturbations[i], v, `d[${i}]`));
  }, 120_000);

  it("stops training at a WebGPU validation error (VAE535), keeping the last good checkpoint", async () => {
    // An invalid command on the run's own device after step 3 (a buffer with no usage), as a
    // kernel failing validation inside a step would be: WebGPU logs it and throws nothing.
    const gpu = await trainOn("webgpu", 6, (step) => {
      if (step !== 3) return;
      const { device } = tf.backend() as unknown as {
        device: { createBuffer(d: { size: number; usage: number }): unknown };
      };
      device.createBuffer({ size: 4, usage: 0 });
    });
    try {
      const error = await gpu.run.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WebGpuFault);
      const fault = error as WebGpuFault;
      expect(fault.kind).toBe("validation");
      expect(gpuFault(fault.kind, fault.gpuMessage, 2)).toMatchObject({ code: "VAE535" });
      // Step 4's read found the fault: no checkpoint after step 2 was written.
      expect(readLatestCheckpoint(gpu.dir).result?.manifest.position.step).toBe(2);
    } finally {
      disposeModel(gpu.model);
      disposeOptimizer(gpu.optimizer);
      clearGpuFault();
    }
  }, 120_000);

  it("raises the device's limits to the adapter's: WebGPU's defaults fail tfjs's kernels", async () => {
    // As tfjs's own start-up requests the device: its kernels exceed the default limits (a
    // workgroup of 256 where compatibility mode allows 128, 13 storage buffers where 8).
    await initBackend({ backend: "webgpu", env: { VAEC_WEBGPU_DEFAULT_LIMITS: "1" } });
    try {
      const parts = Array.from({ length: 12 }, (_, i) => tf.fill([4096], i));
      const sum = tf.addN(parts);
      await expect(readValues(sum)).rejects.toThrow(WebGpuFault);
      tf.dispose([sum, ...parts]);
    } finally {
      clearGpuFault();
      await initBackend({ backend: "webgpu" });
    }
    const parts = Array.from({ length: 12 }, (_, i) => tf.fill([4096], i));
    const sum = tf.addN(parts);
    expect(new Set(await readValues(sum))).toEqual(new Set([66]));
    tf.dispose([sum, ...parts]);
  }, 120_000);
});
