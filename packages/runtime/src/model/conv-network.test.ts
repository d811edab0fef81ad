import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import type { ConvNetwork, ModelIR } from "@vaec/compiler";
import { beforeAll, describe, expect, it } from "vitest";
import { runForward } from "../losses/forward-pass.js";
import { zeroNoise } from "../losses/noise.js";
import { checkTrainingKernels } from "../train/check-kernels.js";
import { trainStep } from "../train/train-step.js";
import { createOptimizer, disposeOptimizer } from "../train/optimizer.js";
import { applyFactorNetwork } from "./apply-network.js";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { countParameters, factorParameterSpecs } from "./parameter-specs.js";
import { createModel, disposeModel } from "./vae-model.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A one-layer model on 3x8x8 real images with a conv encoder and a transposed-conv decoder. */
function convIr(): ModelIR {
  const ir = ladderIr({
    shape: [3, 8, 8],
    kind: "real",
    layers: [5],
    likelihood: { kind: "normal-likelihood", scale: { kind: "learned", init: 0.5 } },
  });
  const size = 3 * 8 * 8;
  const common = {
    kind: "conv" as const,
    kernel: 3,
    stride: 2,
    dense: [16],
    activation: "relu" as const,
    imageShape: [3, 8, 8],
  };
  const encoder: ConvNetwork = {
    ...common,
    role: "encoder",
    channels: [4, 6],
    imageInput: "x",
    vectorInputWidth: 0,
    inputWidth: size,
    outputWidth: 10,
    // convs 3->4->6 (3x3), then dense 6*2*2 -> 16 -> 10, as the compiler counts them.
    paramCount: 3 * 4 * 9 + 4 + 4 * 6 * 9 + 6 + (24 * 16 + 16) + (16 * 10 + 10),
  };
  const decoder: ConvNetwork = {
    ...common,
    role: "decoder",
    channels: [6, 4],
    vectorInputWidth: 5,
    inputWidth: 5,
    outputWidth: size,
    // dense 5 -> 16 -> 6*2*2, then transposed convs 6->4->3.
    paramCount: 5 * 16 + 16 + (16 * 24 + 24) + 6 * 4 * 9 + 4 + 4 * 3 * 9 + 3,
  };
  ir.inference[0] = { ...ir.inference[0], network: encoder };
  const likelihood = ir.generative.findIndex((f) => f.target === "x");
  ir.generative[likelihood] = { ...ir.generative[likelihood], network: decoder };
  return ir;
}

describe("conv networks", () => {
  it("have the parameters the compiler counts", () => {
    const ir = convIr();
    for (const factor of [...ir.generative, ...ir.inference]) {
      if (!factor.network) continue;
      const extra =
        factor.distribution.kind === "normal-likelihood" &&
        factor.distribution.scale.kind === "learned"
          ? ir.data.size
          : 0;
      expect(countParameters(factorParameterSpecs(factor))).toBe(factor.network.paramCount + extra);
    }
  });

  it("map images to posterior parameters and latents back to images, keeping channel order", () => {
    const ir = convIr();
    const model = createModel(ir, 2);
    tf.tidy(() => {
      const x = tf.randomUniform([2, ir.data.size], 0, 1, "float32", 1) as tf.Tensor2D;
      const pass = runForward(model, x, zeroNoise);
      expect(pass.q.get("z1")!.mean.shape).toEqual([2, 5]);
      expect(pass.likelihood.kind).toBe("normal");
      if (pass.likelihood.kind === "normal")
        expect(pass.likelihood.mean.shape).toEqual([2, ir.data.size]);
      // The encoder reads channels-first data: permuting pixels within one channel changes its output.
      const encoder = ir.inference[0];
      const base = applyFactorNetwork(model, encoder, new Map([["x", x]]));
      const swapped = tf.concat(
        [tf.reverse(tf.slice(x, [0, 0], [-1, 64]), 1), tf.slice(x, [0, 64], [-1, -1])],
        1,
      ) as tf.Tensor2D;
      const other = applyFactorNetwork(model, encoder, new Map([["x", swapped]]));
      expect(tf.max(tf.abs(tf.sub(base, other))).dataSync()[0]).toBeGreaterThan(0);
    });
    disposeModel(model);
  });

  it("train: one step changes every parameter and leaves no tensors", async () => {
    const ir = convIr();
    const model = createModel(ir, 2);
    const optimizer = createOptimizer(ir.train.optimizer, model.params);
    const before = new Map(
      [...model.params].map(([name, v]) => [name, Float32Array.from(v.dataSync())]),
    );
    const x = tf.randomUniform([4, ir.data.size], 0, 1, "float32", 3) as tf.Tensor2D;
    const count = tf.memory().numTensors;
    const step = await trainStep(model, optimizer, x, zeroNoise, {
      step: 0,
      datasetSize: 100,
      samples: 1,
      penalties: true,
    });
    expect(tf.memory().numTensors).toBe(count);
    expect(step.finite).toBe(true);
    for (const [name, variable] of model.params) {
      const changed = variable.dataSync().some((v, i) => v !== before.get(name)![i]);
      expect(changed, name).toBe(true);
    }
    x.dispose();
    disposeModel(model);
    disposeOptimizer(optimizer);
  });

  it("need conv gradient kernels: a backend without them is VAE544 before any work", () => {
    expect(checkTrainingKernels(convIr(), "cpu")).toEqual([]);
    const [missing] = checkTrainingKernels(convIr(), "no-such-backend");
    expect(missing.code).toBe("VAE544");
    expect(missing.message).toContain("`Conv2D`");
    expect(checkTrainingKernels(ladderIr(), "no-such-backend")).toEqual([]);
  });
});
