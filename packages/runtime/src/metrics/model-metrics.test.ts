import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import type { ModelIR } from "@vaec/compiler";
import { beforeAll, describe, expect, it } from "vitest";
import { tableDataset } from "../data/dataset.js";
import { splitDataset } from "../data/split.js";
import { mutualInformationGap } from "./mig.js";
import { computeModelMetrics, defaultRadius } from "./model-metrics.js";
import { robustnessMargins, summarizeMargins } from "./robustness-margin.js";
import { LinearDecoderView } from "../../test-support/linear-decoder-view.js";

/*
 * 2-pixel data whose code is the data itself (z = x, g(z) = z), labelled by which pixel is on:
 * the MIG is mig.ts's on those arrays, the margin robustness-margin.ts's on the same examples.
 */
const identity = [
  [1, 0],
  [0, 1],
];
const rows = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];
const count = 40;
const values = Float32Array.from(
  { length: count * 2 },
  (_, i) => rows[Math.floor(i / 2) % 4][i % 2],
);
const data = tableDataset({
  name: "toy",
  values,
  count,
  shape: [2],
  kind: "binary",
  range: [0, 1],
  labels: {
    names: ["a", "b"],
    values: [
      [0, 1],
      [0, 1],
    ],
    get: (indices) => Float32Array.from(indices.flatMap((i) => rows[i % 4])),
  },
});
const ir = { hash: "h", attack: { layers: ["z"], seed: 1 } } as unknown as ModelIR;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("model metrics", () => {
  it("takes half the median distance between consecutive held-out images as r", () => {
    // Consecutive distances in data order: 1, sqrt 2, 1, 1, sqrt 2, 1, ... (median 1).
    expect(defaultRadius(data, count)).toBeCloseTo(0.5, 12);
  });

  it("gathers the margin and the MIG of the held-out split", async () => {
    const split = splitDataset(data, 20, 3);
    const view = new LinearDecoderView(identity, [0, 0], [0.1, 0.1], identity);
    const before = tf.memory().numTensors;
    const { result } = await computeModelMetrics(ir, 7, view, split, null, {
      seed: 1,
      marginExamples: 5,
      marginSamples: 100,
      marginRadius: 0.3,
    });
    expect(tf.memory().numTensors).toBe(before);
    // The codes are the images and the factors their pixels: the MIG of those arrays.
    const all = Array.from({ length: 20 }, (_, i) => i);
    const images = split.heldOut.get(all);
    const mig = mutualInformationGap({
      codes: images,
      dims: 2,
      factors: images,
      factorNames: ["a", "b"],
    });
    expect(result.mig?.mig).toBeCloseTo(mig.mig!, 12);
    expect(result.mig?.factors.map((f) => f.bestUnit)).toEqual(["z[0]", "z[1]"]);
    const x = split.heldOut.get([0, 1, 2, 3, 4]);
    const expected = summarizeMargins(
      await robustnessMargins(view, x, { layers: ["z"], radius: 0.3, samples: 100, seed: 1 }),
      0.3,
      100,
    );
    expect(result.margin).toEqual({ ...expected, radiusSource: "user" });
    expect(result.downstream).toBeNull();
    expect(result.step).toBe(7);
    view.dispose();
  });
});
