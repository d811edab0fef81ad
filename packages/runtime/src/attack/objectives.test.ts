import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import type { AttackKind } from "@vaec/compiler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attackObjective,
  drawCommonNoise,
  encodeTargets,
  outputElbo,
  type ObjectiveSettings,
} from "./objectives.js";
import { LinearGaussianView } from "../../test-support/linear-gaussian-view.js";

let view: LinearGaussianView;

beforeAll(async () => {
  await tf.setBackend("cpu");
  view = new LinearGaussianView({ dataSize: 6, dims: [3, 2], seed: 4 });
});

afterAll(() => view.dispose());

const settings = (kind: AttackKind, path: "mean" | "sample" = "mean"): ObjectiveSettings => ({
  kind,
  layers: ["z1", "z2"],
  path,
  normEps: 1e-6,
});

describe("attack objectives", () => {
  for (const [kind, path] of [
    ["kl", "mean"],
    ["kl", "sample"],
    ["w2", "mean"],
    ["w2", "sample"],
    ["output", "mean"],
  ] as const) {
    it(`${kind} (${path} path): the gradient matches central finite differences`, () => {
      tf.tidy(() => {
        const noise = drawCommonNoise(view, 3, 5);
        const x = tf.tensor2d([[0.2, 0.8, 0.5, 0.1, 0.9, 0.4]]);
        const xt = tf.tensor2d([[0.9, 0.1, 0.3, 0.7, 0.2, 0.6]]);
        const s = settings(kind, path);
        const target = encodeTargets(view, xt, s, noise);
        const lambda = tf.tensor1d([0.7]);
        const f = (d: tf.Tensor) =>
          attackObjective(view, d as tf.Tensor2D, x, target, lambda, s, noise);
        const d0 = [0.05, -0.1, 0.2, 0.15, -0.3, 0.1];
        const grad = tf
          .grad(f)(tf.tensor2d([d0]))
          .dataSync();
        const h = 1e-2;
        for (let i = 0; i < d0.length; i++) {
          const plus = [...d0];
          const minus = [...d0];
          plus[i] += h;
          minus[i] -= h;
          const fd =
            (f(tf.tensor2d([plus])).dataSync()[0] - f(tf.tensor2d([minus])).dataSync()[0]) /
            (2 * h);
          expect(Math.abs(fd - grad[i])).toBeLessThan(2e-3 * Math.max(1, Math.abs(grad[i])));
        }
      });
    });
  }

  it("each row depends only on its own pair and lambda", () => {
    tf.tidy(() => {
      const noise = drawCommonNoise(view, 2, 1);
      const s = settings("output");
      const x = tf.tensor2d([
        [0.2, 0.8, 0.5, 0.1, 0.9, 0.4],
        [0.6, 0.6, 0.1, 0.2, 0.3, 0.4],
      ]);
      const xt = tf.tensor2d([
        [0.9, 0.1, 0.3, 0.7, 0.2, 0.6],
        [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
      ]);
      const d = tf.fill([2, 6], 0.05) as tf.Tensor2D;
      const both = attackObjective(
        view,
        d,
        x,
        encodeTargets(view, xt, s, noise),
        tf.tensor1d([0.5, 2]),
        s,
        noise,
      );
      const second = attackObjective(
        view,
        tf.slice(d, [1, 0], [1, -1]),
        tf.slice(x, [1, 0], [1, -1]),
        encodeTargets(view, tf.slice(xt, [1, 0], [1, -1]), s, noise),
        tf.tensor1d([2]),
        s,
        noise,
      );
      expect(both.dataSync()[1]).toBeCloseTo(second.dataSync()[0], 5);
    });
  });

  it("the output attack's ELBO is the ELBO when encoder and decoder see the same image", () => {
    // With K = 1 common random number: log p(x | z) - sum_i KL(q(z^i | .) || p(z^i | .)) by hand.
    tf.tidy(() => {
      const noise = drawCommonNoise(view, 1, 9);
      const x = tf.tensor2d([[0.2, 0.8, 0.5, 0.1, 0.9, 0.4]]);
      const elbo = outputElbo(view, x, x, noise).dataSync()[0];
      const encoded = view.encode(x, { kind: "sample", noise });
      const z = new Map(encoded.map((e) => [e.layer, e.z]));
      const logLik = view.logLikelihood(x, z).dataSync()[0];
      const z1 = encoded[0];
      const z2 = encoded[1];
      const p1Mean = view.prior(z)[0].mean;
      const kl = (m: tf.Tensor, lv: tf.Tensor, pm: tf.Tensor | number) =>
        tf
          .sum(tf.mul(0.5, tf.sub(tf.add(tf.exp(lv), tf.square(tf.sub(m, pm))), tf.add(lv, 1))))
          .dataSync()[0];
      const expected = logLik - kl(z1.mean, z1.logVar, p1Mean) - kl(z2.mean, z2.logVar, 0);
      expect(elbo).toBeCloseTo(expected, 4);
    });
  });
});
