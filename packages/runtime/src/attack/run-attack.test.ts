import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import type { AttackKind } from "@vaec/compiler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attackMetrics, summarizePairs } from "./attack-metrics.js";
import { runAttack, type AttackRequest } from "./run-attack.js";
import { LinearGaussianView } from "../../test-support/linear-gaussian-view.js";

const D = 12;
let view: LinearGaussianView;
let sources: tf.Tensor2D;
let targets: tf.Tensor2D;

function seededRows(rows: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: rows * D }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return 0.1 + 0.8 * (s / 2147483648);
  });
}

beforeAll(async () => {
  await tf.setBackend("cpu");
  view = new LinearGaussianView({ dataSize: D, dims: [4, 2], seed: 13, scale: 2 });
  sources = tf.tensor2d(seededRows(3, 1), [3, D]);
  targets = tf.tensor2d(seededRows(3, 2), [3, D]);
});

afterAll(() => {
  view.dispose();
  sources.dispose();
  targets.dispose();
});

const request = (kind: AttackKind, extra: Partial<AttackRequest> = {}): AttackRequest => ({
  kind,
  sources,
  targets,
  lambdas: [0, 2 ** -6, 2 ** -2, 4],
  layers: ["z1", "z2"],
  path: "mean",
  optimizer: { kind: "lbfgsb", steps: 100, memory: 8, pgtol: 1e-6, ftol: 1e-9 },
  seed: 3,
  objectiveSamples: 2,
  ...extra,
});

describe("runAttack on a linear-Gaussian model", () => {
  for (const kind of ["kl", "w2", "output"] as const) {
    it(`${kind}: drives Delta down by a clear factor at lambda = 0 and keeps x + d in the box`, async () => {
      const req = request(kind);
      const run = await runAttack(view, req);
      const metrics = await attackMetrics(view, req, run, { samples: 4, seed: 1 });
      const start = await attackMetrics(
        view,
        req,
        { ...run, perturbations: new Float32Array(run.perturbations.length) },
        { samples: 4, seed: 1 },
      );
      const x = sources.dataSync();
      for (let r = 0; r < metrics.length; r++) {
        const p = metrics[r].pair;
        for (let i = 0; i < D; i++) {
          const xa = x[p * D + i] + run.perturbations[r * D + i];
          expect(xa).toBeGreaterThanOrEqual(-1e-6);
          expect(xa).toBeLessThanOrEqual(1 + 1e-6);
        }
        // Delta never gets worse than at d = 0.
        expect(metrics[r].delta).toBeLessThanOrEqual(start[r].delta + 1e-4);
      }
      for (const m of metrics.filter((row) => row.lambda === 0)) {
        const before = start[m.pair * 4].deltaWithoutLambda;
        if (kind === "output") {
          // -ELBO(x + d -> x_t) falls at least 90% of the way to -ELBO(x_t -> x_t) (d = x_t - x is feasible).
          const atTarget = await attackMetrics(
            view,
            req,
            { ...run, perturbations: targetMinusSource(run.lambdas.length) },
            { samples: 4, seed: 1 },
          );
          const best = atTarget[m.pair * 4].deltaWithoutLambda;
          expect(before - m.deltaWithoutLambda).toBeGreaterThan(0.9 * (before - best));
        } else {
          // The target's own encoding is reachable, so the divergence must almost vanish.
          expect(m.deltaWithoutLambda).toBeLessThan(before / 20);
        }
      }
      // A larger lambda buys a smaller distortion.
      const pair0 = metrics.filter((m) => m.pair === 0);
      expect(pair0[3].distortion).toBeLessThan(pair0[0].distortion);
      const summary = summarizePairs(metrics);
      expect(summary).toHaveLength(3);
      expect(summary[0].curve).toHaveLength(4);
    });
  }

  it("gives the same perturbations batched as one (pair, lambda) at a time", async () => {
    for (const kind of ["kl", "output"] as const) {
      const req = request(kind);
      const batched = await runAttack(view, req);
      for (let p = 0; p < 3; p++) {
        for (let l = 0; l < req.lambdas.length; l++) {
          const single = await runAttack(view, {
            ...req,
            sources: tf.slice(sources, [p, 0], [1, -1]),
            targets: tf.slice(targets, [p, 0], [1, -1]),
            lambdas: [req.lambdas[l]],
          });
          const row = p * req.lambdas.length + l;
          const expected = batched.perturbations.subarray(row * D, (row + 1) * D);
          for (let i = 0; i < D; i++) expect(single.perturbations[i]).toBeCloseTo(expected[i], 5);
          expect(single.rows[0].iterations).toBe(batched.rows[row].iterations);
        }
      }
    }
  });

  it("runs projected Adam through the same batch", async () => {
    const req = request("kl", { optimizer: { kind: "adam", steps: 150, lr: 0.05 } });
    const run = await runAttack(view, req);
    const metrics = await attackMetrics(view, req, run, { samples: 2, seed: 1 });
    const start = await attackMetrics(
      view,
      req,
      { ...run, perturbations: new Float32Array(run.perturbations.length) },
      { samples: 2, seed: 1 },
    );
    expect(metrics[0].deltaWithoutLambda).toBeLessThan(start[0].deltaWithoutLambda / 5);
  });

  it("leaks no tensors", async () => {
    const req = request("output", { optimizer: { kind: "lbfgsb", steps: 10, memory: 5 } });
    await runAttack(view, req);
    const before = tf.memory().numTensors;
    const run = await runAttack(view, req);
    await attackMetrics(view, req, run, { samples: 3, seed: 2, chunkRows: 5 });
    const reqW2 = request("w2", {
      path: "sample",
      optimizer: { kind: "adam", steps: 5, lr: 0.01 },
    });
    await attackMetrics(view, reqW2, await runAttack(view, reqW2), { samples: 2, seed: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

function targetMinusSource(lambdaCount: number): Float32Array {
  const x = sources.dataSync();
  const xt = targets.dataSync();
  const out = new Float32Array(3 * lambdaCount * D);
  for (let p = 0; p < 3; p++) {
    for (let l = 0; l < lambdaCount; l++) {
      for (let i = 0; i < D; i++) out[(p * lambdaCount + l) * D + i] = xt[p * D + i] - x[p * D + i];
    }
  }
  return out;
}
