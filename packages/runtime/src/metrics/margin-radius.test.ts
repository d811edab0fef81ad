import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import type { ModelIR } from "@vaec/compiler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LinearDecoderView } from "../../test-support/linear-decoder-view.js";
import { tableDataset } from "../data/dataset.js";
import { splitDataset } from "../data/split.js";
import { computeModelMetrics } from "./model-metrics.js";

/*
 * VAE604: a margin radius below the model's own noise. In the linear model the reconstruction
 * moves by ||s eps|| under the encoder's noise alone (s = 0.1 on both latents), so an example is
 * r-robust unperturbed with probability P(chi_2 <= r / 0.1) = 1 - exp(-(r / 0.1)^2 / 2): about
 * 0.12 at r = 0.05 (no example robust: warned) and 0.99 at r = 0.3 (every one: no warning).
 */

// Two-pixel images, every pattern in turn: the code of an image is the image itself (z = x).
const values = Float32Array.from({ length: 120 }, (_, i) => (Math.floor(i / 2) >> (i % 2)) & 1);
const data = tableDataset({
  name: "pairs",
  values,
  count: 60,
  shape: [2],
  kind: "binary",
  range: [0, 1],
});
const split = splitDataset(data, 30, 1);
const ir = { hash: "h", attack: { layers: ["z"], seed: 1 } } as unknown as ModelIR;
const identity = [
  [1, 0],
  [0, 1],
];
const view = new LinearDecoderView(identity, [0, 0], [0.1, 0.1], identity);

beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => view.dispose());

const marginAt = (radius: number) =>
  computeModelMetrics(ir, 1, view, split, null, {
    seed: 1,
    marginExamples: 20,
    marginSamples: 200,
    marginRadius: radius,
  });

describe("VAE604: a margin radius smaller than the model's own noise", () => {
  it("warns when most held-out examples are not r-robust even unperturbed", async () => {
    const before = tf.memory().numTensors;
    const { result, diagnostics } = await marginAt(0.05);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.margin?.robustFraction).toBe(0);
    expect(result.margin?.median).toBe(0);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "VAE604", severity: "warning" });
    expect(diagnostics[0].message).toBe(
      "at r = 0.0500 only 0% of the held-out examples are r-robust before any perturbation, so their margin bound is 0",
    );
    expect(diagnostics[0].help).toContain("--margin-radius");
  });

  it("says nothing at a radius the noise stays within", async () => {
    const { result, diagnostics } = await marginAt(0.3);
    expect(result.margin?.robustFraction).toBe(1);
    expect(diagnostics).toEqual([]);
  });
});
