import type { Factor, ModelIR, Network } from "../ir.js";

/*
 * How much memory a run of a compiled spec needs, estimated from the IR alone (a pure function:
 * no allocation, no machine access), so a spec that would allocate gigabytes is refused before
 * anything is allocated (check-resources.ts). The estimate is deliberately simple and a little
 * generous: float32 tensors, every network's activations kept for the backward pass, all attack
 * rows optimised at once. The data set itself is not counted (its size is known only when it is
 * loaded).
 */

const FLOAT32 = 4;
const FLOAT64 = 8;
/** Forward values, pre-activations and their gradients: about three copies of each activation. */
const ACTIVATION_COPIES = 3;
/** L-BFGS-B's working vectors per row besides its history: x, gradient, bounds, direction... */
const LBFGSB_WORK_VECTORS = 6;

export interface MemoryEstimate {
  /** Trainable parameters (learned scales included). */
  params: number;
  /** Bytes of the parameters with their gradients and the optimizer's state. */
  paramBytes: number;
  /** Bytes per byte-of-parameter kept while training: 16 for Adam (value, gradient, 2 moments). */
  bytesPerParam: number;
  /** Activation values of one example through every network (inputs and outputs included). */
  activationsPerExample: number;
  /** Bytes of a training batch's activations (times `samples`), and of the TC penalty's matrices. */
  activationBytes: number;
  tcBytes: number;
  /** Attack rows optimised together: pairs x lambdas. */
  attackRows: number;
  /** Bytes of the attack's rows: perturbations with the optimizer's history, and activations. */
  attackBytes: number;
  /** The peak of training (parameters, state, activations). */
  trainingBytes: number;
  /** The peak of attacking (parameters and the attack's rows). */
  attackingBytes: number;
  /** The larger of the two: the run's estimated need. */
  totalBytes: number;
}

export function estimateMemory(ir: ModelIR): MemoryEstimate {
  const factors = [...ir.generative, ...ir.inference];
  const params = ir.paramCount;
  const bytesPerParam = ir.train.optimizer.kind === "adam" ? 4 * FLOAT32 : 3 * FLOAT32;
  const paramBytes = params * bytesPerParam;
  const activationsPerExample = factors.reduce((sum, f) => sum + activationWidth(f), 0);
  const examples = ir.train.batch * ir.train.samples;
  const activationBytes = examples * activationsPerExample * FLOAT32 * ACTIVATION_COPIES;
  // The TC estimators compare every sample with every other of its batch: batch^2 x dims.
  const tcBytes = ir.penalties
    .filter((p) => p.kind === "tc")
    .reduce((sum, p) => {
      const dims = ir.latents.find((l) => l.name === p.latent)?.dims ?? 0;
      return sum + ir.train.batch ** 2 * dims * FLOAT32 * ACTIVATION_COPIES;
    }, 0);
  const attackRows = ir.attack.pairs * ir.attack.lambdas.length;
  const history = ir.attack.optimizer.kind === "lbfgsb" ? 2 * ir.attack.optimizer.memory : 2;
  const perRow =
    ir.data.size * FLOAT64 * (history + LBFGSB_WORK_VECTORS) +
    ir.attack.samples * activationsPerExample * FLOAT32 * ACTIVATION_COPIES;
  const attackBytes = attackRows * perRow;
  const trainingBytes = paramBytes + activationBytes + tcBytes;
  const attackingBytes = params * 2 * FLOAT32 + attackBytes;
  return {
    params,
    paramBytes,
    bytesPerParam,
    activationsPerExample,
    activationBytes,
    tcBytes,
    attackRows,
    attackBytes,
    trainingBytes,
    attackingBytes,
    totalBytes: Math.max(trainingBytes, attackingBytes),
  };
}

/** Values one example produces through a factor's network, its input included. */
function activationWidth(factor: Factor): number {
  const network = factor.network;
  if (!network) return factor.outputWidth;
  const dense = network.kind === "mlp" ? network.hidden : network.dense;
  let width = network.inputWidth + sum(dense) + network.outputWidth;
  if (network.kind === "conv") width += featureMaps(network);
  return width;
}

/** Values in a conv network's feature maps, per example. */
function featureMaps(network: Extract<Network, { kind: "conv" }>): number {
  const [height, width] = network.imageShape.slice(-2);
  const { channels, stride } = network;
  const n = channels.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    // An encoder halves (by `stride`) at each layer; a decoder runs the same sizes upwards.
    const downs = network.role === "encoder" ? i + 1 : n - i;
    total += channels[i] * Math.ceil(height / stride ** downs) * Math.ceil(width / stride ** downs);
  }
  return total;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
