import type { Factor, MlpNetwork, ModelIR, Penalty, TrainSettings } from "@vaec/compiler";
import { IR_VERSION } from "@vaec/compiler";

/*
 * Hand-built IRs for the runtime's own tests (the runtime never depends on the compiler's front
 * end). `ladderIr` builds a Seatbelt-shaped MLP model: q(z1 | x), q(z_i+1 | z_i, x), priors
 * p(z_i | z_i+1), p(z_L) = N(0, 1) and p(x | z1..zL).
 */

const span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

function mlp(inputWidth: number, hidden: number[], outputWidth: number): MlpNetwork {
  let paramCount = 0;
  const widths = [inputWidth, ...hidden, outputWidth];
  for (let i = 0; i + 1 < widths.length; i++)
    paramCount += widths[i] * widths[i + 1] + widths[i + 1];
  return { kind: "mlp", hidden, activation: "relu", inputWidth, outputWidth, paramCount };
}

type WithoutSpan<T> = T extends unknown ? Omit<T, "span"> : never;

export interface LadderOptions {
  shape?: number[];
  kind?: "binary" | "real";
  layers?: number[];
  hidden?: number[];
  penalties?: Array<WithoutSpan<Penalty>>;
  likelihood?: Factor["distribution"];
  train?: Partial<TrainSettings>;
}

export function ladderIr(options: LadderOptions = {}): ModelIR {
  const shape = options.shape ?? [4, 4];
  const size = shape.reduce((a, b) => a * b, 1);
  const dims = options.layers ?? [3, 2];
  const hidden = options.hidden ?? [16];
  const latents = dims.map((d, i) => ({ name: `z${i + 1}`, dims: d, layer: i + 1, span }));
  const factor = (
    model: "p" | "q",
    target: string,
    given: string[],
    role: Factor["role"],
    distribution: Factor["distribution"],
    inputWidth: number,
    outputWidth: number,
  ): Factor => ({
    id: `${model}.${target}`,
    model,
    target,
    given,
    role,
    distribution,
    network: distribution.kind === "normal-constant" ? null : mlp(inputWidth, hidden, outputWidth),
    inputWidth,
    outputWidth,
    span,
  });
  const normal = { kind: "normal" as const, parameterisation: "logvar" as const };
  const top = latents.length - 1;
  const generative: Factor[] = [];
  for (let i = top; i >= 0; i--) {
    const l = latents[i];
    generative.push(
      i === top
        ? factor("p", l.name, [], "prior", { kind: "normal-constant", mean: 0, std: 1 }, 0, l.dims)
        : factor(
            "p",
            l.name,
            [latents[i + 1].name],
            "conditional-prior",
            normal,
            latents[i + 1].dims,
            2 * l.dims,
          ),
    );
  }
  const likelihood = options.likelihood ?? { kind: "bernoulli" };
  const allDims = dims.reduce((a, b) => a + b, 0);
  generative.push(
    factor(
      "p",
      "x",
      latents.map((l) => l.name),
      "likelihood",
      likelihood,
      allDims,
      size,
    ),
  );
  const inference = latents.map((l, i) =>
    i === 0
      ? factor("q", l.name, ["x"], "posterior", normal, size, 2 * l.dims)
      : factor(
          "q",
          l.name,
          [latents[i - 1].name, "x"],
          "posterior",
          normal,
          latents[i - 1].dims + size,
          2 * l.dims,
        ),
  );
  const train: TrainSettings = {
    data: { kind: "sprites" },
    batch: 16,
    epochs: 1,
    steps: null,
    optimizer: { kind: "adam", lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    seed: 1,
    heldOut: 32,
    warmup: 0,
    checkpointEvery: 100,
    samples: 1,
    iwSamples: 8,
    schedule: { kind: "constant", warmup: 0 },
    earlyStop: null,
    ...options.train,
  };
  return {
    version: IR_VERSION,
    name: "Fixture",
    source: { file: "fixture.vae", sha256: "0".repeat(64) },
    family: { name: "custom", reason: "test fixture" },
    data: { name: "x", kind: options.kind ?? "binary", shape, size, range: [0, 1], span },
    latents,
    params: {},
    generative,
    inference,
    penalties: (options.penalties ?? []).map((p) => ({ ...p, span }) as Penalty),
    train,
    attack: {
      kinds: ["kl"],
      pairs: 2,
      lambdas: [0],
      optimizer: { kind: "adam", steps: 1, lr: 0.1 },
      path: "mean",
      samples: 1,
      seed: 0,
      layers: latents.map((l) => l.name),
    },
    sweeps: [],
    paramCount: 0,
    hash: "fixture0fixture0",
  };
}
