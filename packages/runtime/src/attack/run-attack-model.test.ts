import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attackModelView } from "./vae-model-view.js";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { createModel, disposeModel, type VaeModel } from "../model/vae-model.js";
import { attackMetrics } from "./attack-metrics.js";
import { runAttack, type AttackRequest } from "./run-attack.js";

/*
 * The attacks over the real model code's view (an untrained two-layer MLP ladder, 16 pixels):
 * the contract between attack/model-view.ts and attack/vae-model-view.ts, end to end.
 */

let model: VaeModel;
let sources: tf.Tensor2D;
let targets: tf.Tensor2D;

beforeAll(async () => {
  await tf.setBackend("cpu");
  model = createModel(ladderIr({ layers: [3, 2] }), 4);
  sources = tf.randomUniform([2, 16], 0, 1, "float32", 1) as tf.Tensor2D;
  targets = tf.randomUniform([2, 16], 0, 1, "float32", 2) as tf.Tensor2D;
});

afterAll(() => {
  disposeModel(model);
  sources.dispose();
  targets.dispose();
});

describe("attacks on the model's own view", () => {
  for (const kind of ["kl", "w2", "output"] as const) {
    it(`${kind}: lowers Delta, leaks nothing, and batched rows equal single runs`, async () => {
      const view = attackModelView(model);
      const request: AttackRequest = {
        kind,
        sources,
        targets,
        lambdas: [0, 0.5],
        layers: ["z1", "z2"],
        path: kind === "w2" ? "sample" : "mean",
        optimizer: { kind: "lbfgsb", steps: 30, memory: 5 },
        seed: 2,
        objectiveSamples: 2,
      };
      const before = tf.memory().numTensors;
      const run = await runAttack(view, request);
      const metrics = await attackMetrics(view, request, run, { samples: 2, seed: 3 });
      expect(tf.memory().numTensors).toBe(before);
      const start = await attackMetrics(
        view,
        request,
        { ...run, perturbations: new Float32Array(run.perturbations.length) },
        { samples: 2, seed: 3 },
      );
      for (let r = 0; r < metrics.length; r++) {
        expect(metrics[r].delta).toBeLessThanOrEqual(start[r].delta + 1e-5);
      }
      expect(metrics[0].deltaWithoutLambda).toBeLessThan(start[0].deltaWithoutLambda);
      const source1 = tf.slice(sources, [1, 0], [1, -1]);
      const target1 = tf.slice(targets, [1, 0], [1, -1]);
      const single = await runAttack(view, {
        ...request,
        sources: source1,
        targets: target1,
        lambdas: [0.5],
      });
      tf.dispose([source1, target1]);
      const row = 3;
      for (let i = 0; i < 16; i++) {
        expect(single.perturbations[i]).toBeCloseTo(run.perturbations[row * 16 + i], 5);
      }
    });
  }
});
