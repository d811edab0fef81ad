import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateModel } from "../eval/evaluate.js";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { createModel, disposeModel } from "../model/vae-model.js";
import {
  checkCollapse,
  checkConvergence,
  checkFiniteEvaluation,
  checkFiniteWeights,
  describeHealth,
  assessHealth,
} from "./health.js";
import { syntheticBinaryDataset } from "../../test-support/synthetic-data.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const units = (active: number, dims: number) => ({ active, dims });

describe("posterior collapse", () => {
  it("warns for a layer with no active unit or a KL near 0, naming it", () => {
    const { layers, diagnostics } = checkCollapse({
      kl: { z1: 12.5, z2: 0.004, z3: 3 },
      activeUnits: { z1: units(5, 8), z2: units(0, 4), z3: units(0, 2) },
    });
    expect(layers.map((l) => l.collapsed)).toEqual([false, true, true]);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ["VAE590", "warning"],
      ["VAE590", "warning"],
    ]);
    expect(diagnostics[0].message).toBe(
      "latent layer `z2` has collapsed: 0 of 4 units active, KL 0.004 nats",
    );
    expect(diagnostics[0].help).toContain("penalize kl(z2) with free_bits = 0.5, per = unit");
    expect(diagnostics[0].help).toContain("warmup");
  });

  it("finds the collapsed layer of a real model whose q(z2 | ...) ignores its input", async () => {
    const ir = ladderIr({ layers: [3, 2], hidden: [8] });
    const model = createModel(ir, 1);
    // Zero q(z2)'s network: its posterior is N(0, 1) for every x, the prior itself.
    for (const [name, variable] of model.params)
      if (name.startsWith("q.z2/")) variable.assign(tf.zerosLike(variable));
    const before = tf.memory().numTensors;
    const report = await evaluateModel(model, syntheticBinaryDataset(64, 3), {
      seed: 0,
      iwSamples: 2,
    });
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(model);
    const { diagnostics } = checkCollapse(report);
    expect(report.activeUnits.z2.active).toBe(0);
    expect(diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/^latent layer `z2` has collapsed: 0 of 2 units active/),
    ]);
  });
});

describe("convergence from the held-out curve", () => {
  const curve = (elbos: number[], every = 100) =>
    elbos.map((elbo, i) => ({ step: (i + 1) * every, elbo }));

  it("notes a curve still rising over its last interval", () => {
    const { convergence, diagnostics } = checkConvergence(curve([-300, -250, -220, -200, -185]));
    expect(convergence.converged).toBe(false);
    expect(convergence.last).toMatchObject({ from: 400, to: 500, gain: 15 });
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([["VAE591", "note"]]);
    expect(diagnostics[0].message).toBe(
      "the model has not converged: the held-out ELBO rose 15.00 nats/image between steps 400 and 500",
    );
  });

  it("accepts a flattened or falling curve, and says nothing with under three points", () => {
    expect(checkConvergence(curve([-300, -200, -150, -149.9, -149.95])).convergence.converged).toBe(
      true,
    );
    expect(checkConvergence(curve([-150, -160, -170])).diagnostics).toEqual([]);
    expect(checkConvergence(curve([-300, -200])).convergence.converged).toBeNull();
  });

  it("scales a short final interval to the curve's mean one", () => {
    // Evaluations every 100 steps, the last after 10: a 2-nat rise in 10 steps is steep.
    const points = [...curve([-300, -200, -150]), { step: 310, elbo: -148 }];
    expect(checkConvergence(points).convergence.converged).toBe(false);
  });
});

describe("NaN and infinity", () => {
  it("names each non-finite evaluated quantity in one VAE592 error", () => {
    const report = { elbo: NaN, iwae: -Infinity, logLik: -100, kl: { z1: 3, z2: NaN } };
    const [d] = checkFiniteEvaluation(report, 40);
    expect(d.code).toBe("VAE592");
    expect(d.severity).toBe("error");
    expect(d.message).toBe(
      "the held-out evaluation at step 40 is not finite: `elbo`, `iwae`, `kl.z2`",
    );
    expect(checkFiniteEvaluation({ elbo: -90, kl: { z: 1 } }, 1)).toEqual([]);
  });

  it("names the weights that hold NaN or infinity (VAE593)", () => {
    const values = new Map<string, Float32Array>([
      ["p.x/dense0/kernel", new Float32Array([1, 2, 3])],
      ["q.z/dense0/bias", new Float32Array([0, Infinity])],
      ["q.z/dense1/kernel", new Float32Array([NaN])],
    ]);
    const [d] = checkFiniteWeights(values, 200);
    expect(d.code).toBe("VAE593");
    expect(d.message).toBe(
      "the checkpoint at step 200 has NaN or infinite weights in `q.z/dense0/bias`, `q.z/dense1/kernel`",
    );
  });
});

describe("describeHealth", () => {
  it("says what was found in a line per check", () => {
    const health = assessHealth(
      { kl: { z1: 4, z2: 0 }, activeUnits: { z1: units(3, 3), z2: units(0, 2) } },
      [
        { step: 10, elbo: -50 },
        { step: 20, elbo: -40 },
        { step: 30, elbo: -39.99 },
      ],
    );
    expect(describeHealth(health)).toEqual([
      "collapsed layers: `z2`",
      "held-out ELBO flat at the end (3 evaluations)",
    ]);
  });
});
