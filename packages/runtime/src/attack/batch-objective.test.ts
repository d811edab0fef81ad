import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attackBatchObjective } from "./batch-objective.js";
import {
  attackObjective,
  drawCommonNoise,
  encodeTargets,
  type ObjectiveSettings,
} from "./objectives.js";
import { LinearGaussianView } from "../../test-support/linear-gaussian-view.js";

const D = 6;
let view: LinearGaussianView;

beforeAll(async () => {
  await tf.setBackend("cpu");
  view = new LinearGaussianView({ dataSize: D, dims: [3, 2], seed: 4 });
});

afterAll(() => view.dispose());

describe("the attack's batch objective", () => {
  for (const kind of ["kl", "w2", "output"] as const) {
    it(`${kind}: equals attackObjective and its gradient, row by row, across changing row sets`, async () => {
      const settings: ObjectiveSettings = {
        kind,
        layers: ["z1", "z2"],
        path: "mean",
        normEps: 1e-6,
      };
      const sources = Float32Array.from([
        0.2, 0.8, 0.5, 0.1, 0.9, 0.4, 0.6, 0.3, 0.7, 0.2, 0.5, 0.9,
      ]);
      const targetData = Float32Array.from([
        0.9, 0.1, 0.3, 0.7, 0.2, 0.6, 0.1, 0.5, 0.4, 0.8, 0.3, 0.2,
      ]);
      const lambdas = [0, 0.5, 3];
      const noise = drawCommonNoise(view, 2, 5);
      const targetsT = tf.tensor2d(targetData, [2, D]);
      const targets = encodeTargets(view, targetsT, settings, noise);
      const objective = attackBatchObjective(
        view,
        sources,
        targetData,
        targets,
        lambdas,
        settings,
        noise,
      );
      try {
        for (const ids of [[0, 1, 2, 3, 4, 5], [1, 4, 5], [1, 4, 5], [2]]) {
          const points = Float64Array.from(
            { length: ids.length * D },
            (_, e) => 0.05 * Math.sin(e + ids[0]),
          );
          const { f, grad } = await objective.evaluate(points, ids);
          for (let r = 0; r < ids.length; r++) {
            const pair = Math.floor(ids[r] / lambdas.length);
            const [value, g] = tf.tidy(() => {
              const x = tf.tensor2d(sources.subarray(pair * D, (pair + 1) * D), [1, D]);
              const xt = tf.tensor2d(targetData.subarray(pair * D, (pair + 1) * D), [1, D]);
              const target = encodeTargets(view, xt, settings, noise);
              const lambda = tf.tensor1d([lambdas[ids[r] % lambdas.length]]);
              const fg = tf.valueAndGrad((d: tf.Tensor) =>
                attackObjective(view, d as tf.Tensor2D, x, target, lambda, settings, noise),
              );
              const { value, grad } = fg(
                tf.tensor2d(Float32Array.from(points.subarray(r * D, (r + 1) * D)), [1, D]),
              );
              return [value.dataSync()[0], grad.dataSync()];
            });
            expect(Math.abs(f[r] - value)).toBeLessThan(1e-4 * (1 + Math.abs(value)));
            for (let i = 0; i < D; i++) expect(Math.abs(grad[r * D + i] - g[i])).toBeLessThan(1e-4);
          }
        }
        expect(objective.rounds).toBe(4);
      } finally {
        objective.dispose();
        for (const t of noise.values()) t.dispose();
        for (const l of targets.layers.values()) tf.dispose([l.mean, l.logVar]);
        targetsT.dispose();
      }
    });
  }
});
