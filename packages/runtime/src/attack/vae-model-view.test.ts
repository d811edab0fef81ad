import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { latentValues } from "./model-view.js";
import { runForward } from "../losses/forward-pass.js";
import { likelihoodLogDensity } from "../losses/likelihood.js";
import { zeroNoise } from "../losses/noise.js";
import { attackModelView } from "./vae-model-view.js";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { createModel, disposeModel } from "../model/vae-model.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];

describe("the attack view of a model", () => {
  it("encodes along the mean path exactly as the forward pass with zero noise", () => {
    const model = createModel(ladderIr({ layers: [3, 2] }), 4);
    const view = attackModelView(model);
    tf.tidy(() => {
      const x = tf.randomUniform([3, 16], 0, 1, "float32", 5) as tf.Tensor2D;
      const encoded = view.encode(x, { kind: "mean" });
      const pass = runForward(model, x, zeroNoise);
      expect(encoded.map((e) => e.layer)).toEqual(["z1", "z2"]);
      for (const e of encoded) {
        expect(maxDiff(e.mean, pass.q.get(e.layer)!.mean)).toBe(0);
        expect(maxDiff(e.z, e.mean)).toBe(0);
      }
      const z = latentValues(encoded);
      expect(maxDiff(view.logLikelihood(x, z), likelihoodLogDensity(pass.likelihood, x))).toBe(0);
      const prior = view.prior(z);
      expect(maxDiff(prior[0].mean, pass.p.get("z1")!.mean)).toBe(0);
    });
    disposeModel(model);
  });

  it("uses the given common random numbers on a sample path", () => {
    const model = createModel(ladderIr({ layers: [3, 2] }), 4);
    const view = attackModelView(model);
    tf.tidy(() => {
      const x = tf.randomUniform([2, 16], 0, 1, "float32", 6) as tf.Tensor2D;
      const noise = new Map([
        ["z1", tf.ones([2, 3]) as tf.Tensor2D],
        ["z2", tf.zeros([2, 2]) as tf.Tensor2D],
      ]);
      const [z1] = view.encode(x, { kind: "sample", noise });
      expect(maxDiff(z1.z, tf.add(z1.mean, tf.exp(tf.mul(0.5, z1.logVar))))).toBeLessThan(1e-6);
    });
    disposeModel(model);
  });
});
