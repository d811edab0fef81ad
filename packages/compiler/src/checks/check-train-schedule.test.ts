import { describe, expect, it } from "vitest";
import { checkSource, compileSource } from "../compile.js";
import type { TrainSettings } from "../ir.js";

const spec = (train: string): string => `model M {
  data   x : binary[28, 28]
  latent z : 4
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[16])
  q(z | x) = Normal(mlp[16])
}
train { data = mnist, ${train} }
`;

function trainOf(train: string, set: Record<string, string> = {}): TrainSettings {
  const { result, diagnostics } = compileSource({ path: "m.vae", text: spec(train) }, { set });
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result!.ir.train;
}

const codes = (train: string, set: Record<string, string> = {}): string[] =>
  checkSource({ path: "m.vae", text: spec(train) }, { set }).map((d) => d.code);

describe("train budget: epochs or steps", () => {
  it("takes either, and steps wins only when it is the one set", () => {
    expect(trainOf("epochs = 3")).toMatchObject({ epochs: 3, steps: null });
    expect(trainOf("steps = 400")).toMatchObject({ steps: 400 });
  });

  it("rejects both in the spec with VAE226", () => {
    expect(codes("epochs = 3, steps = 400")).toEqual(["VAE226"]);
  });

  it("lets a --set of one replace the other written in the spec", () => {
    expect(trainOf("epochs = 3", { "train.steps": "50" })).toMatchObject({ steps: 50 });
    expect(trainOf("steps = 400", { "train.epochs": "2" })).toMatchObject({
      epochs: 2,
      steps: null,
    });
  });
});

describe("learning-rate schedules", () => {
  it("defaults to a constant rate with no warm-up", () => {
    expect(trainOf("batch = 8").schedule).toEqual({ kind: "constant", warmup: 0 });
    expect(trainOf("schedule = constant").schedule).toEqual({ kind: "constant", warmup: 0 });
  });

  it("reads cosine and step with their warm-ups", () => {
    expect(trainOf("schedule = cosine(warmup = 500, min_lr = 1e-5)").schedule).toEqual({
      kind: "cosine",
      warmup: 500,
      minLr: 1e-5,
    });
    expect(trainOf("schedule = step(2000, 0.5)").schedule).toEqual({
      kind: "step",
      warmup: 0,
      every: 2000,
      factor: 0.5,
    });
    expect(trainOf("schedule = step(every = 10, warmup = 5)").schedule).toMatchObject({
      factor: 0.5,
      warmup: 5,
    });
  });

  it("goes through --set like any setting", () => {
    expect(trainOf("batch = 8", { "train.schedule": "cosine(warmup = 3)" }).schedule).toEqual({
      kind: "cosine",
      warmup: 3,
      minLr: 0,
    });
  });

  it("reports unknown schedules, bad values and non-decaying cosines", () => {
    expect(codes("schedule = cosin")).toEqual(["VAE227"]);
    expect(codes("schedule = 3")).toEqual(["VAE407"]);
    expect(codes("schedule = cosine(warmup = -1)")).toEqual(["VAE406"]);
    expect(codes("schedule = step(every = 10, factor = 2)")).toEqual(["VAE406"]);
    expect(codes("schedule = step(factor = 0.5)")).toEqual(["VAE121"]);
    expect(codes("schedule = cosine(min_lr = 1e-2)")).toEqual(["VAE228"]);
    expect(codes("schedule = cosine(gamma = 1)")).toEqual(["VAE106"]);
  });
});

describe("early stopping", () => {
  it("is off by default and reads heldout with defaults", () => {
    expect(trainOf("batch = 8").earlyStop).toBeNull();
    expect(trainOf("early_stop = heldout").earlyStop).toEqual({
      kind: "heldout",
      every: 500,
      patience: 3,
      minDelta: 0,
      examples: 1000,
    });
    expect(
      trainOf("early_stop = heldout(every = 50, patience = 2, min_delta = 0.1, examples = 200)")
        .earlyStop,
    ).toEqual({ kind: "heldout", every: 50, patience: 2, minDelta: 0.1, examples: 200 });
  });

  it("needs held-out data and a known rule", () => {
    expect(codes("held_out = 0, early_stop = heldout")).toEqual(["VAE229"]);
    expect(codes("early_stop = held_out")).toEqual(["VAE227"]);
    expect(codes("early_stop = heldout(patience = 0)")).toEqual(["VAE406"]);
  });
});
