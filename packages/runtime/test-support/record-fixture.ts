import type { PairRow, PointRecord } from "../src/study/point-record.js";

/*
 * Hand-built point records for the study's own tests: one model at one beta and seed, with
 * chosen Delta values per pair (the other pair fields fixed), so a test can compute its expected
 * means and intervals by hand.
 */

export interface FixtureOptions {
  spec: string;
  model?: string;
  family?: string;
  beta: number;
  seed: number;
  data?: string;
  elbo?: number;
  /** Delta without the lambda term per pair; pairs are (i, i + 10). */
  deltas?: number[];
  /** log p(x_t | z*) per pair (default -5). */
  logLikelihoods?: number[];
  latentDims?: number;
  eval?: Record<string, number>;
  heldOutCurve?: Array<{ step: number; elbo: number }>;
  /** Optimiser end state per pair (status, iterations). */
  status?: Array<[string, number]>;
  kinds?: string[];
}

export function pairFixture(i: number, delta: number, logLikelihood = -5): PairRow {
  return {
    pair: i,
    source: i,
    target: i + 10,
    lambda: 1,
    delta: delta + 1,
    deltaWithoutLambda: delta,
    distortion: 1,
    logLikelihoodTarget: logLikelihood,
    l2ToTarget: 2,
    l2ToSource: 3,
    baselineDelta: 0,
  };
}

export function recordFixture(o: FixtureOptions): PointRecord {
  const pairs = (o.deltas ?? [1, 1]).map((d, i) => ({
    ...pairFixture(i, d, o.logLikelihoods?.[i]),
    ...(o.status?.[i] ? { status: o.status[i][0], iterations: o.status[i][1] } : {}),
  }));
  return {
    format: "vaec-study-point",
    version: 1,
    id: `${o.spec}-${o.beta}-${o.seed}`,
    runDir: `runs/${o.spec}-${o.beta}-${o.seed}`,
    spec: o.spec,
    model: o.model ?? o.spec,
    family: o.family ?? "VAE",
    data: o.data ?? "sprites",
    latentDims: o.latentDims ?? 10,
    axes: { beta: o.beta, "train.seed": o.seed },
    seed: o.seed,
    step: 100,
    totalSteps: 100,
    attackDigest: "d",
    eval: { elbo: o.elbo ?? -100, ...o.eval },
    ...(o.heldOutCurve ? { heldOutCurve: o.heldOutCurve } : {}),
    attacks: (o.kinds ?? ["kl"]).map((kind) => ({ kind, pairs })),
    training: "trained",
    seconds: { train: 1, attack: 1 },
    finishedAt: "",
  };
}
