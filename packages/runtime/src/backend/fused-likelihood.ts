import * as tf from "@tensorflow/tfjs-core";
import type { GradConfig, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import type { BlasAddon } from "./blas/blas-addon.js";
import { backendState } from "./backend-state.js";
import type { OpKernels } from "./kernel-override.js";
import { heapView, type WasmHeapBackend } from "./wasm-heap.js";

/*
 * The Bernoulli log-likelihood on logits, sum_j x l - softplus(l) per row, as one op with its own
 * gradient: d/dl = x - sigmoid(l), d/dx = l. Composed from tfjs ops it is five kernels forward
 * and six backward on [batch, pixels] (PyTorch fuses the same as binary_cross_entropy_with_logits).
 * With the BLAS addon each direction is one native pass over the wasm heap (threaded, vectorised
 * exp/log1p); without it the forward stays composed and the gradient is the three kernels of the
 * formula above, through tf.customGrad.
 */

const FORWARD = "VaecBernoulliLogLik";
const BACKWARD = "VaecBernoulliLogLikGrad";

type Native = Pick<BlasAddon, "bernoulliLogLik" | "bernoulliGrad">;
const state = backendState.likelihood;

export function isFusedLikelihoodInstalled(): boolean {
  return state.installed;
}

/** The plain form, as tfjs differentiates it. */
function composed(x: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)), -1);
}

const withGradient = tf.customGrad((x, logits, save) => {
  const xs = x as tf.Tensor;
  const ls = logits as tf.Tensor;
  (save as (tensors: tf.Tensor[]) => void)([xs, ls]);
  return {
    value: composed(xs, ls),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sl] = saved;
      const d = tf.expandDims(dy, -1);
      return [tf.mul(d, sl), tf.mul(d, tf.sub(sx, tf.sigmoid(sl)))];
    },
  };
});

/**
 * log Bernoulli(x; sigmoid(logits)) summed over the last axis: [rows]. Stable for large |logits|;
 * valid for x in [0, 1]. Fused when installed on wasm, the composed ops otherwise.
 */
export function bernoulliLogLikelihood(x: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  // Broadcasting x (or logits) is left to tfjs, whose gradients reduce over the broadcast axes.
  const sameShape = logits.rank >= 1 && tf.util.arraysEqual(x.shape, logits.shape);
  if (!state.installed || tf.getBackend() !== "wasm" || !sameShape)
    return tf.tidy(() => composed(x, logits));
  const nativeCase =
    state.native !== undefined && x.dtype === "float32" && logits.dtype === "float32";
  if (nativeCase) return tf.engine().runKernel(FORWARD, { x, logits }) as tf.Tensor;
  return withGradient(x, logits);
}

function rowsAndCols(t: TensorInfo): [number, number] {
  const cols = t.shape[t.shape.length - 1];
  return [cols === 0 ? 0 : tf.util.sizeFromShape(t.shape) / cols, cols];
}

const forward: KernelFunc = ({ inputs, backend }) => {
  const wasm = backend as WasmHeapBackend;
  const { x, logits } = inputs as Record<string, TensorInfo>;
  const [rows, cols] = rowsAndCols(logits);
  const out = wasm.makeOutput(logits.shape.slice(0, -1), "float32");
  (state.native as Native).bernoulliLogLik(
    heapView(wasm, x, rows * cols),
    heapView(wasm, logits, rows * cols),
    rows,
    cols,
    heapView(wasm, out, rows),
  );
  return out;
};

const backward: KernelFunc = ({ inputs, backend }) => {
  const wasm = backend as WasmHeapBackend;
  const { x, logits, dy } = inputs as Record<string, TensorInfo>;
  const [rows, cols] = rowsAndCols(logits);
  const out = wasm.makeOutput(logits.shape, "float32");
  (state.native as Native).bernoulliGrad(
    heapView(wasm, x, rows * cols),
    heapView(wasm, logits, rows * cols),
    heapView(wasm, dy, rows),
    rows,
    cols,
    heapView(wasm, out, rows * cols),
  );
  return out;
};

const kernels: KernelConfig[] = [
  { kernelName: FORWARD, backendName: "wasm", kernelFunc: forward },
  { kernelName: BACKWARD, backendName: "wasm", kernelFunc: backward },
];

// Registered gradients are lazy per input: the x gradient (data, normally) is never computed
// unless something differentiates with respect to x.
const gradient: GradConfig = {
  kernelName: FORWARD,
  inputsToSave: ["x", "logits"],
  gradFunc: (dy, saved) => {
    const [x, logits] = saved;
    const d = dy as tf.Tensor;
    return {
      x: () => tf.mul(tf.expandDims(d, -1), logits),
      logits: () => tf.engine().runKernel(BACKWARD, { x, logits, dy: d }) as tf.Tensor,
    };
  },
};

/** The op's kernels and gradient, registered by install-fast-path.ts with every other piece's. */
export const likelihoodKernels: OpKernels = { kernels, gradients: [gradient] };

/** `addon`: the native passes; without it the gradient alone is fused (composed kernels). */
export function installFusedLikelihood(addon?: Native): void {
  state.native = addon;
  state.installed = true;
}

export function uninstallFusedLikelihood(): void {
  state.installed = false;
  state.native = undefined;
}

/** Whether the likelihood runs as the native passes (true) or composed with its own gradient. */
export function isFusedLikelihoodNative(): boolean {
  return state.installed && state.native !== undefined;
}
