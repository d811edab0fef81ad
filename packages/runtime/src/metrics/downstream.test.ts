import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { AttackRun } from "../attack/run-attack.js";
import { Classifier } from "./classifier.js";
import { downstreamPairs, summarizeDownstream } from "./downstream.js";
import { LinearDecoderView } from "../../test-support/linear-decoder-view.js";

/*
 * A constructed case: 2-pixel data, a model whose mean-path reconstruction is the input itself,
 * and a classifier with hand-set weights that says class 0 when pixel 0 is the larger, else 1.
 */

const identity = [
  [1, 0],
  [0, 1],
];

function argmaxClassifier(): Classifier {
  const hidden = new Float32Array(2 * 64);
  hidden[0] = 1; // hidden unit 0 = relu(x0)
  hidden[64 + 1] = 1; // hidden unit 1 = relu(x1)
  const out = new Float32Array(64 * 2);
  out[0] = 1; // logit 0 = unit 0
  out[2 + 1] = 1; // logit 1 = unit 1
  return Classifier.fromWeights({ kind: "mlp", shape: [2], classes: 2 }, [
    { name: "hidden.w", shape: [2, 64], values: hidden },
    { name: "hidden.b", shape: [64], values: new Float32Array(64) },
    { name: "out.w", shape: [64, 2], values: out },
    { name: "out.b", shape: [2], values: new Float32Array(2) },
  ]);
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("downstream attack success", () => {
  it("counts the pairs whose adversarial reconstruction at the chosen lambda is the target's class", async () => {
    const view = new LinearDecoderView(identity, [0, 0], [1, 1], identity);
    const classifier = argmaxClassifier();
    const sources = tf.tensor2d([
      [0.8, 0.1], // class 0
      [0.2, 0.6], // class 1
      [0.9, 0.0], // class 0
      [0.7, 0.2], // class 0, and so is its target: not counted in the success rate
    ]);
    // Two lambdas per pair: [pair 0: flips, stays] [pair 1: flips, stays] [2: stays, flips] [3: -]
    const perturbations = Float32Array.from(
      [
        [-0.6, 0.5, 0, 0],
        [0.5, -0.5, 0.1, 0],
        [0.1, 0, -0.9, 0.5],
        [0, 0, 0, 0],
      ].flat(),
    );
    const run: AttackRun = {
      kind: "kl",
      pairs: 4,
      lambdas: [0, 1],
      dataSize: 2,
      perturbations,
      rows: [],
      rounds: 0,
    };
    const before = tf.memory().numTensors;
    const pairs = await downstreamPairs(view, classifier, sources, run, {
      source: Int32Array.from([0, 1, 0, 0]),
      target: Int32Array.from([1, 0, 1, 0]),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(pairs.map((p) => p.cleanPrediction)).toEqual([0, 1, 0, 0]);
    expect(pairs.map((p) => p.predictions)).toEqual([
      [1, 0],
      [0, 1],
      [0, 1],
      [0, 0],
    ]);
    // Chosen lambdas: pair 0 at index 0 (reaches class 1), pair 1 at index 1 (stays), pair 2 at
    // index 0 (stays): 1 success of the 3 pairs whose classes differ.
    const judged = pairs.map((downstream, i) => ({ downstream, chosenIndex: [0, 1, 0, 1][i] }));
    expect(summarizeDownstream(judged)).toEqual({ success: 1 / 3, cleanAccuracy: 1, pairs: 3 });
    tf.dispose(sources);
    classifier.dispose();
    view.dispose();
  });

  it("has nothing to report without predictions", () => {
    expect(summarizeDownstream([{ chosenIndex: 0 }])).toEqual({
      success: null,
      cleanAccuracy: null,
      pairs: 0,
    });
  });
});
