import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { compileSource } from "@vaec/compiler";
import { beforeAll, describe, expect, it } from "vitest";
import { attackPair } from "../attack/attack-pair.js";
import { TrainSession } from "./train-session.js";

/*
 * The page's training and attack code on the CPU backend: it learns, it is seeded, and it leaves
 * no tensors behind (a tab that trains for an hour must not grow).
 */

const SPEC = `model Tiny {
  data   x : binary[16, 16]
  latent z : 3
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[32])
  q(z | x) = Normal(mlp[32])
  penalize tc(z) with beta = 2, estimator = mss
}
train { data = sprites, batch = 16, steps = 30, optimizer = adam(lr = 3e-3), seed = 3 }
attack { kinds = [kl, w2, output], pairs = 1, lambda = grid(-1, 1, 2), optimizer = lbfgsb(steps = 4) }
`;

function compile() {
  const compiled = compileSource({ path: "tiny.vae", text: SPEC });
  if (!compiled.result) throw new Error(JSON.stringify(compiled.diagnostics));
  return compiled.result.ir;
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("training and attacking on the page", () => {
  it("trains with every step's terms, seeded, leaving no tensors", async () => {
    const run = async () => {
      const session = new TrainSession(compile(), 16, 30, 16);
      const steps: Array<Record<string, number>> = [];
      const before = tf.memory().numTensors;
      await session.run((progress) => steps.push(...progress.steps));
      expect(tf.memory().numTensors).toBe(before);
      const pictures = await session.pictures(4);
      expect(tf.memory().numTensors).toBe(before);
      session.dispose();
      return { steps, pictures };
    };
    const first = await run();
    expect(first.steps).toHaveLength(30);
    expect(Object.keys(first.steps[0])).toEqual(["loss", "elbo", "loglik", "kl.z", "tc.z"]);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const elbo = first.steps.map((s) => s.elbo);
    expect(mean(elbo.slice(-5))).toBeGreaterThan(mean(elbo.slice(0, 5)));
    expect(first.pictures.recons).toHaveLength(4 * 256);
    expect(first.pictures.samples.every((v) => v >= 0 && v <= 1)).toBe(true);
    const second = await run();
    expect(second.steps.map((s) => s.loss)).toEqual(first.steps.map((s) => s.loss));
  });

  it("pauses and resumes where it stopped", async () => {
    const session = new TrainSession(compile(), 16, 30, 16);
    let seen = 0;
    await session.run(() => {
      seen++;
      session.pause();
    });
    expect(seen).toBe(1);
    const paused = session.step;
    expect(paused).toBeGreaterThan(0);
    expect(paused).toBeLessThanOrEqual(30);
    await session.run(() => {});
    expect(session.step).toBe(30);
    session.dispose();
  });

  it("attacks a pair with every kind, at the lambda the paper's rule picks, leaving no tensors", async () => {
    const ir = compile();
    const session = new TrainSession(ir, 16, 10, 16);
    await session.run(() => {});
    const before = tf.memory().numTensors;
    const panels = await attackPair(session.model, ir, session.data, {
      source: 10,
      target: 400_000,
      lambdas: [0, 1],
      steps: 4,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(panels.map((p) => p.kind)).toEqual(["kl", "w2", "output"]);
    for (const panel of panels) {
      expect(panel.curve.map((r) => r.lambda)).toEqual([0, 1]);
      expect([0, 1]).toContain(panel.lambda);
      expect(Number.isFinite(panel.metrics.delta)).toBe(true);
      expect(Number.isFinite(panel.metrics.logLikelihoodTarget)).toBe(true);
      const { original, adversarial, distortion } = panel.images;
      expect(adversarial.every((v) => v >= -1e-6 && v <= 1 + 1e-6)).toBe(true);
      expect(adversarial[5]).toBeCloseTo(original[5] + distortion[5], 5);
    }
    session.dispose();
  });
});
