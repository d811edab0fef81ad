import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { ladderIr, type LadderOptions } from "../../test-support/ir-fixture.js";
import { createModel, disposeModel } from "../model/vae-model.js";
import { zeroNoise, seededNoise } from "./noise.js";
import { computeObjective, termNames, type ObjectiveOptions } from "./objective.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const x = () =>
  tf.tensor2d(
    Array.from({ length: 8 * 16 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0)),
    [8, 16],
  );

function terms(
  options: LadderOptions,
  objective: Partial<ObjectiveOptions> = {},
  noise = zeroNoise,
) {
  const ir = ladderIr(options);
  const model = createModel(ir, 9);
  const result = tf.tidy(() => {
    const t = computeObjective(model, x(), noise, {
      step: 0,
      datasetSize: 1000,
      samples: 1,
      penalties: true,
      ...objective,
    });
    const read = (s: tf.Scalar) => s.dataSync()[0];
    return {
      loss: read(t.loss),
      elbo: read(t.elbo),
      logLik: read(t.logLik),
      kl: Object.fromEntries([...t.kl].map(([k, v]) => [k, read(v)])),
      tc: Object.fromEntries([...t.tc].map(([k, v]) => [k, read(v)])),
    };
  });
  disposeModel(model);
  return { ir, ...result };
}

describe("the objective", () => {
  it("ELBO = log-likelihood - sum of per-layer KLs, and the loss is -ELBO without penalties", () => {
    const t = terms({});
    expect(t.elbo).toBeCloseTo(t.logLik - t.kl.z1 - t.kl.z2, 4);
    expect(t.loss).toBeCloseTo(-t.elbo, 4);
    expect(t.kl.z1).toBeGreaterThan(0);
    expect(termNames(t.ir)).toEqual(["loss", "elbo", "loglik", "kl.z1", "kl.z2"]);
  });

  it("a kl penalty scales that layer's KL by beta (beta-VAE)", () => {
    const t = terms({ penalties: [{ kind: "kl", latent: "z2", beta: 4 }] });
    expect(t.loss).toBeCloseTo(-t.logLik + t.kl.z1 + 4 * t.kl.z2, 4);
  });

  it("free bits replaces a layer's KL by max(lambda, batch-mean KL)", () => {
    const t = terms({ penalties: [{ kind: "free-bits", latent: "z1", lambda: 100 }] });
    expect(t.loss).toBeCloseTo(-t.logLik + 100 + t.kl.z2, 3);
    const low = terms({ penalties: [{ kind: "free-bits", latent: "z1", lambda: 0 }] });
    expect(low.loss).toBeCloseTo(-low.logLik + low.kl.z1 + low.kl.z2, 4);
  });

  it("a tc penalty subtracts (beta - 1) TC from the ELBO, with the ELBO itself unchanged", () => {
    const penalties: LadderOptions["penalties"] = [
      { kind: "tc", latent: "z2", beta: 3, estimator: "mws" },
    ];
    const t = terms({ penalties }, {}, seededNoise(1, 0));
    expect(t.loss).toBeCloseTo(-t.elbo + 2 * t.tc.z2, 3);
    const plain = terms({ penalties }, { penalties: false }, seededNoise(1, 0));
    expect(plain.loss).toBeCloseTo(-plain.elbo, 4);
    expect(plain.elbo).toBeCloseTo(t.elbo, 4);
  });

  it("warm-up ramps penalty betas from 1 to their value", () => {
    const options: LadderOptions = {
      penalties: [{ kind: "kl", latent: "z1", beta: 5 }],
      train: { warmup: 10 },
    };
    const start = terms(options, { step: 0 });
    const middle = terms(options, { step: 5 });
    const end = terms(options, { step: 20 });
    expect(start.loss).toBeCloseTo(-start.elbo, 4);
    expect(middle.loss).toBeCloseTo(-middle.logLik + 3 * middle.kl.z1 + middle.kl.z2, 4);
    expect(end.loss).toBeCloseTo(-end.logLik + 5 * end.kl.z1 + end.kl.z2, 4);
  });

  it("averages K samples per datapoint (equal to one sample when the noise is zero)", () => {
    const one = terms({});
    const three = terms({}, { samples: 3 });
    expect(three.elbo).toBeCloseTo(one.elbo, 4);
    const noisy = terms({}, { samples: 3 }, seededNoise(2, 0));
    expect(noisy.elbo).not.toBeCloseTo(one.elbo, 4);
  });
});
