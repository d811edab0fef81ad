import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "../backend/register-gradients.js";
import { beforeAll, describe, expect, it } from "vitest";
import { diagonalNormal, klDiagonalNormalPerDim } from "../distributions/normal.js";
import { ladderIr, type LadderOptions } from "../../test-support/ir-fixture.js";
import { createModel, disposeModel } from "../model/vae-model.js";
import { runForward } from "./forward-pass.js";
import { zeroNoise } from "./noise.js";
import { computeObjective } from "./objective.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const x = () =>
  tf.tensor2d(
    Array.from({ length: 8 * 16 }, (_, i) => ((i * 5) % 3 === 0 ? 1 : 0)),
    [8, 16],
  );

/** The top layer z2 (prior N(0, I)) has 6 units, so a floor can bind on some and not others. */
const layers = [3, 6];

/** Float64 batch-mean KL(q(z2_k | .) || N(0, 1)) per unit, from the model's own posterior. */
function unitKlsFloat64(options: LadderOptions): number[] {
  const model = createModel(ladderIr(options), 9);
  const { mean, logVar } = tf.tidy(() => {
    const q = runForward(model, x(), zeroNoise).q.get("z2");
    if (!q) throw new Error("no posterior for z2");
    return { mean: q.mean.arraySync() as number[][], logVar: q.logVar.arraySync() as number[][] };
  });
  disposeModel(model);
  const units = mean[0].length;
  return Array.from({ length: units }, (_, k) => {
    let sum = 0;
    for (let b = 0; b < mean.length; b++) {
      const m = mean[b][k];
      const lv = logVar[b][k];
      sum += 0.5 * (Math.exp(lv) + m * m - lv - 1);
    }
    return sum / mean.length;
  });
}

function objective(options: LadderOptions) {
  const model = createModel(ladderIr(options), 9);
  const read = (s: tf.Scalar) => s.dataSync()[0];
  const result = tf.tidy(() => {
    const t = computeObjective(model, x(), zeroNoise, {
      step: 0,
      datasetSize: 1000,
      samples: 1,
      penalties: true,
    });
    return { loss: read(t.loss), logLik: read(t.logLik), z1: read(t.kl.get("z1") as tf.Scalar) };
  });
  disposeModel(model);
  return result;
}

describe("free bits per unit", () => {
  it("the per-dimension KL is the analytic one: 0.5 (var + mean^2 - log var - 1) against N(0, 1)", () => {
    const perDim = tf.tidy(() =>
      klDiagonalNormalPerDim(
        diagonalNormal(
          tf.tensor2d([
            [0, 2],
            [0, 0],
          ]),
          tf.tensor2d([
            [0, 0],
            [Math.log(2), 0],
          ]),
        ),
        diagonalNormal(tf.zeros([2, 2]), tf.zeros([2, 2])),
      ).arraySync(),
    );
    // row 2, unit 1: 0.5 (2 - log 2 - 1)
    const expected = [
      [0, 2],
      [0.5 * (1 - Math.log(2)), 0],
    ];
    perDim.forEach((row, b) => row.forEach((v, k) => expect(v).toBeCloseTo(expected[b][k], 6)));
  });

  it("floors each unit's batch-mean KL: sum_k max(lambda, KL_k), binding on some units only", () => {
    const units = unitKlsFloat64({ layers });
    const sorted = [...units].sort((a, b) => a - b);
    // between the third and fourth smallest: the floor lifts three units and leaves three
    const lambda = (sorted[2] + sorted[3]) / 2;
    expect(units.filter((k) => k < lambda)).toHaveLength(3);
    const floored = units.reduce((s, k) => s + Math.max(lambda, k), 0);
    const layerKl = units.reduce((s, k) => s + k, 0);
    expect(floored).toBeGreaterThan(layerKl);
    // the layer floor at the same lambda does not bind (the layer's KL is far above it)
    expect(layerKl).toBeGreaterThan(lambda);

    const perUnit = objective({
      layers,
      penalties: [{ kind: "free-bits", latent: "z2", lambda, per: "unit" }],
    });
    expect(perUnit.loss).toBeCloseTo(-perUnit.logLik + perUnit.z1 + floored, 4);

    const perLayer = objective({
      layers,
      penalties: [{ kind: "free-bits", latent: "z2", lambda }],
    });
    expect(perLayer.loss).toBeCloseTo(-perLayer.logLik + perLayer.z1 + layerKl, 4);
  });

  it("scales the floored KL by a kl penalty's beta, and leaves no tensors behind", () => {
    const units = unitKlsFloat64({ layers });
    const lambda = Math.max(...units) + 1; // binds on every unit: the KL term is 6 lambda
    const before = tf.memory().numTensors;
    const t = objective({
      layers,
      penalties: [
        { kind: "kl", latent: "z2", beta: 3 },
        { kind: "free-bits", latent: "z2", lambda, per: "unit" },
      ],
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(t.loss).toBeCloseTo(-t.logLik + t.z1 + 3 * 6 * lambda, 3);
  });

  it("gives gradients to the units under the floor only through the reconstruction", () => {
    const units = unitKlsFloat64({ layers });
    const lambda = Math.max(...units) + 1;
    const ir = ladderIr({
      layers,
      penalties: [{ kind: "free-bits", latent: "z2", lambda, per: "unit" }],
    });
    const model = createModel(ir, 9);
    const before = tf.memory().numTensors;
    // every unit is under the floor, so the KL term is constant: the loss's gradient is that
    // of -logLik + KL(z1) alone
    const gradNorm = (penalties: boolean) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const t = computeObjective(model, x(), zeroNoise, {
            step: 0,
            datasetSize: 1000,
            samples: 1,
            penalties,
          });
          return penalties
            ? t.loss
            : (tf.add(tf.neg(t.logLik), t.kl.get("z1") as tf.Scalar) as tf.Scalar);
        }, [...model.params.values()]);
        return tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))).dataSync()[0];
      });
    expect(gradNorm(true)).toBeCloseTo(gradNorm(false), 4);
    expect(tf.memory().numTensors).toBe(before);
    disposeModel(model);
  });
});
