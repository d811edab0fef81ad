import type { Span } from "@vaec/dsl";

/*
 * The compiled, fully resolved model: the only thing the runtime ever sees (it never imports the
 * AST). Plain JSON-serialisable data, versioned, with every default filled in and every number
 * evaluated, and the source span of each element so runtime errors can point back at the spec.
 */

export const IR_VERSION = 1;

export type FamilyName =
  | "VAE"
  | "beta-VAE"
  | "beta-TCVAE"
  | "Seatbelt-VAE"
  | "hierarchical VAE"
  | "beta-TCDLGM"
  | "top-down hierarchy"
  | "custom";

export interface Family {
  name: FamilyName;
  /** One sentence saying why, e.g. "two latent layers, likelihood on all of them, TC on the top". */
  reason: string;
}

export interface DataVariable {
  name: string;
  kind: "binary" | "real";
  /** e.g. [64, 64] or [3, 64, 64] (channels first). */
  shape: number[];
  /** Product of the shape: the width of the flattened data vector. */
  size: number;
  /** Box constraint for attacks and validation for loaders: [0, 1] for binary data. */
  range: [number, number];
  span: Span;
}

export interface Latent {
  name: string;
  dims: number;
  /** 1-based position in declaration order (z1 is layer 1, the bottom; the last is the top). */
  layer: number;
  span: Span;
}

export type Activation = "relu" | "elu" | "tanh" | "softplus" | "leaky_relu" | "sigmoid" | "swish";

/** Fully connected: inputWidth -> hidden... -> outputWidth, activation between, none at the end. */
export interface MlpNetwork {
  kind: "mlp";
  hidden: number[];
  activation: Activation;
  inputWidth: number;
  outputWidth: number;
  paramCount: number;
}

/**
 * Convolutional. An encoder runs convs over the image parent (`imageInput`, channels-first
 * `imageShape`), flattens, concatenates the vector parents (`vectorInputWidth`) and maps to
 * `outputWidth` through `dense`. A decoder maps the concatenated parents through `dense` to the
 * smallest feature map and runs transposed convs up to `imageShape`.
 *
 * Exactly (the compiler's `paramCount` counts this; spec defaults kernel 4, stride 2):
 * every conv and transposed conv is kernel x kernel with the stride and "same" padding, so each
 * layer divides (or multiplies) height and width by `stride` exactly (the compiler checks that
 * H and W are divisible by stride^channels.length); `activation` follows every layer but the last
 * of the whole network. With [C, H, W] = imageShape, n = channels.length, h = H / stride^n,
 * w = W / stride^n:
 * - encoder: convs C -> channels[0] -> ... -> channels[n-1]; flatten to channels[n-1]*h*w in
 *   row, column, channel order (the runtime's feature maps are NHWC; only the data vector itself
 *   is channels-first), concatenate the vector parents after it, then dense layers
 *   [flat + vectorInputWidth, ...dense, outputWidth].
 * - decoder: dense layers [inputWidth, ...dense, channels[0]*h*w], reshaped to [h, w, channels[0]]
 *   (NHWC, so the dense output is read in row, column, channel order);
 *   transposed convs channels[0] -> channels[1] -> ... -> channels[n-1] -> C. `channels` lists
 *   the decoder's layers in the order they run (the spec's `conv[64, 64, 32, 32]` on a
 *   likelihood), not mirrored.
 */
export interface ConvNetwork {
  kind: "conv";
  role: "encoder" | "decoder";
  channels: number[];
  kernel: number;
  stride: number;
  dense: number[];
  activation: Activation;
  imageShape: number[];
  imageInput?: string;
  vectorInputWidth: number;
  inputWidth: number;
  outputWidth: number;
  paramCount: number;
}

export type Network = MlpNetwork | ConvNetwork;

export type FactorDistribution =
  /** Diagonal Normal whose network outputs [mean, log-variance] (2 * dims wide), or a softplus scale. */
  | { kind: "normal"; parameterisation: "logvar" | "softplus" }
  /** Normal with constant parameters and no network, e.g. the prior `Normal(0, 1)`. */
  | { kind: "normal-constant"; mean: number; std: number }
  /** Bernoulli likelihood on logits (network outputs `size` logits). */
  | { kind: "bernoulli" }
  /** Normal likelihood: network outputs the mean; the scale is fixed or a learned per-dimension log-scale. */
  | {
      kind: "normal-likelihood";
      /** `init` is the initial scale (the runtime learns its log); a learned scale adds `data.size` parameters. */
      scale: { kind: "fixed"; value: number } | { kind: "learned"; init: number };
    };

export interface Factor {
  /** Stable id used for weight names: "p.z1", "q.z2", "p.x". */
  id: string;
  model: "p" | "q";
  target: string;
  /** Parents in the order their vectors are concatenated into the network input. */
  given: string[];
  role: "prior" | "conditional-prior" | "likelihood" | "posterior";
  distribution: FactorDistribution;
  network: Network | null;
  inputWidth: number;
  outputWidth: number;
  span: Span;
}

export type Penalty =
  | { kind: "tc"; latent: string; beta: number; estimator: "mws" | "mss"; span: Span }
  | { kind: "kl"; latent: string; beta: number; span: Span }
  /**
   * Free bits. Without `per` the floor is on the layer's batch-mean KL, max(lambda, KL); with
   * `per: "unit"` it is on each unit's, sum_k max(lambda, KL_k) (Kingma et al. 2016). `per` is
   * left out for the layer floor, not written "layer", so the hash of runs trained before
   * per-unit free bits existed stays the same.
   */
  | { kind: "free-bits"; latent: string; lambda: number; per?: "unit"; span: Span };

export type DataSource =
  | { kind: "sprites" }
  | { kind: "mnist" }
  | { kind: "npy"; path: string }
  | { kind: "npz"; path: string; key: string }
  | { kind: "images"; dir: string; size: [number, number] };

/**
 * `clipNorm`, when set, bounds the gradient's L2 norm over all parameters together: a larger one
 * is scaled down to it before the update. Absent (not null) when unset, so the IR, its hash and
 * every run's identity are those of a spec written before the setting existed.
 */
export type Optimizer =
  | { kind: "adam"; lr: number; beta1: number; beta2: number; epsilon: number; clipNorm?: number }
  | { kind: "sgd"; lr: number; momentum: number; clipNorm?: number };

export interface TrainSettings {
  data: DataSource;
  batch: number;
  epochs: number;
  /** When set, overrides epochs. */
  steps: number | null;
  optimizer: Optimizer;
  seed: number;
  /**
   * Number of held-out examples (which ones is deterministic from the seed), or null for the
   * default: a share of the data with a floor and a cap (HELD_OUT_DEFAULT), resolved when the data
   * is loaded and its size known.
   */
  heldOut: number | null;
  /** Steps over which penalty betas ramp linearly from 1 to their value (0: no warm-up). */
  warmup: number;
  checkpointEvery: number;
  /** Reparameterised samples per datapoint for the ELBO (K, averaged). */
  samples: number;
  /** Importance samples for the IWAE bound at evaluation. */
  iwSamples: number;
  /** How the optimizer's `lr` changes with the step (runtime: train/schedule.ts). */
  schedule: LrSchedule;
  /** Stop when the held-out ELBO stops improving; null trains the whole budget. */
  earlyStop: EarlyStop | null;
}

/**
 * A learning-rate schedule: a linear warm-up from 0 over `warmup` steps, then `constant` (the
 * optimizer's lr), `cosine` (half a cosine from lr down to `minLr` at the last step) or `step`
 * (lr times `factor` every `every` steps after the warm-up).
 */
export type LrSchedule =
  | { kind: "constant"; warmup: number }
  | { kind: "cosine"; warmup: number; minLr: number }
  | { kind: "step"; warmup: number; every: number; factor: number };

/**
 * Early stopping on the held-out ELBO (beta = 1), evaluated every `every` steps on up to
 * `examples` held-out examples: training stops after `patience` evaluations in a row that did not
 * beat the best so far by more than `minDelta` nats per image.
 */
export interface EarlyStop {
  kind: "heldout";
  every: number;
  patience: number;
  minDelta: number;
  examples: number;
}

export type AttackKind = "kl" | "w2" | "output";

export interface AttackSettings {
  kinds: AttackKind[];
  pairs: number;
  /** The full lambda grid, evaluated: {0} and 2^c for the configured c values. */
  lambdas: number[];
  optimizer:
    { kind: "lbfgsb"; steps: number; memory: number } | { kind: "adam"; steps: number; lr: number };
  /** How each side's chain is evaluated for conditional q factors. */
  path: "mean" | "sample";
  /** K samples z* ~ q(z | x + d) for log p(x_t | z*). */
  samples: number;
  seed: number;
  /**
   * Latent layers summed over by the latent attacks: those the likelihood conditions on, in
   * layer order. Evaluating a conditional q factor needs its parents too: follow `inference`
   * (already in topological order) for every ancestor of these layers along `path`.
   */
  layers: string[];
}

/**
 * One axis of the spec's grid (`sweep beta in [1, 2], train.seed in [1, 2, 3]` has two); the
 * grid is the Cartesian product of the axes, each point compiled with `--set key=text`.
 */
export interface Sweep {
  /** A param (`beta`) or a train setting (`train.seed`; the bare `seed` is read as this). */
  key: string;
  /** Each value as written (what `--set key=text` reads back) and its number, when it is one. */
  values: SweepValue[];
  span: Span;
}

export interface SweepValue {
  text: string;
  number: number | null;
}

export interface ModelIR {
  version: typeof IR_VERSION;
  name: string;
  source: { file: string; sha256: string };
  family: Family;
  data: DataVariable;
  latents: Latent[];
  /** Every `param`, evaluated (after `--set`). */
  params: Record<string, number>;
  /** Generative factors in topological order: parents before children; the likelihood is last. */
  generative: Factor[];
  /** Inference factors in topological order: the order the runtime samples them. */
  inference: Factor[];
  penalties: Penalty[];
  train: TrainSettings;
  attack: AttackSettings;
  sweeps: Sweep[];
  /** Total trainable parameters over all networks (and learned scales). */
  paramCount: number;
  /** Hash of everything that affects training (not spans): the cache key for trained runs. */
  hash: string;
}
