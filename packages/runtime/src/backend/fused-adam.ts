import * as tf from "@tensorflow/tfjs-core";
import type { BlasAddon } from "./blas/blas-addon.js";
import type {
  KernelBackend,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  TensorInfo,
} from "@tensorflow/tfjs-core";

/*
 * Adam's update written as one pass. Composed from tfjs ops it is about a dozen elementwise
 * kernels per parameter, each allocating a full-size buffer; on the reference workload (12.8 M
 * parameters) that was the largest cost after the matmuls. On the wasm backend the kernel below
 * reads the parameter, gradient and both moments straight from the wasm heap and writes the three
 * results in one loop; elsewhere `adamStep` falls back to the composed ops, so callers use it
 * unconditionally. The results are new tensors (never updated in place): XNNPACK caches packed
 * weights by tensor id, so a weight changed in place would be multiplied with stale packing.
 */

export interface AdamHyper {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const ADAM_DEFAULTS: AdamHyper = {
  learningRate: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
};

export interface AdamResult {
  param: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
}

const KERNEL = "VaecAdamStep";
let installed = false;

/** The same loop in C (vaec_blas.c), used when the native BLAS addon is loaded. */
type NativeAdam = BlasAddon["adam"];
let native: NativeAdam | undefined;

/** Whether `adamStep` runs as the one-pass wasm kernel. */
export function isFusedAdamInstalled(): boolean {
  return installed;
}

/**
 * One Adam step (Kingma and Ba, with tfjs's and PyTorch's bias correction) for one parameter:
 *   m' = b1 m + (1 - b1) g,  v' = b2 v + (1 - b2) g^2,
 *   p' = p - lr (m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps),
 * with `step` = t counted from 1. Returns new tensors; the caller disposes the old ones (or
 * `Variable.assign`s the parameter).
 */
export function adamStep(
  param: tf.Tensor,
  grad: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  step: number,
  hyper: AdamHyper = ADAM_DEFAULTS,
): AdamResult {
  if (installed && tf.getBackend() === "wasm") {
    const attrs = { ...hyper, step } as unknown as NamedAttrMap;
    const [p2, m2, v2] = tf.engine().runKernel(KERNEL, { param, grad, m, v }, attrs) as tf.Tensor[];
    return { param: p2, m: m2, v: v2 };
  }
  return tf.tidy(() => {
    const { beta1, beta2, epsilon, learningRate } = hyper;
    const m2 = tf.add(tf.mul(beta1, m), tf.mul(1 - beta1, grad));
    const v2 = tf.add(tf.mul(beta2, v), tf.mul(1 - beta2, tf.square(grad)));
    const mHat = tf.div(m2, 1 - beta1 ** step);
    const vHat = tf.div(v2, 1 - beta2 ** step);
    const p2 = tf.sub(param, tf.mul(learningRate, tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon))));
    return { param: p2, m: m2, v: v2 };
  });
}

interface WasmBackendLike extends KernelBackend {
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: string): TensorInfo;
  wasm: { HEAPU8: Uint8Array };
}

const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as WasmBackendLike;
  const { param, grad, m, v } = inputs as Record<string, TensorInfo>;
  const { learningRate, beta1, beta2, epsilon, step } = attrs as unknown as AdamHyper & {
    step: number;
  };
  const outputs = [param, m, v].map((t) => wasm.makeOutput(t.shape, "float32"));
  // Views after every allocation: an allocation may grow (and so replace) the wasm memory.
  const buffer = wasm.wasm.HEAPU8.buffer;
  const n = tf.util.sizeFromShape(param.shape);
  const view = (t: TensorInfo) =>
    new Float32Array(buffer, wasm.dataIdMap.get(t.dataId).memoryOffset, n);
  const [P, G, M, V] = [param, grad, m, v].map(view);
  const [P2, M2, V2] = outputs.map(view);
  const correction2 = Math.sqrt(1 - beta2 ** step);
  const rate = (learningRate * correction2) / (1 - beta1 ** step);
  const eps = epsilon * correction2;
  if (native) {
    native(P, G, M, V, P2, M2, V2, rate, beta1, beta2, eps);
    return outputs;
  }
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  for (let i = 0; i < n; i++) {
    const g = G[i];
    const mi = beta1 * M[i] + c1 * g;
    const vi = beta2 * V[i] + c2 * g * g;
    M2[i] = mi;
    V2[i] = vi;
    P2[i] = P[i] - (rate * mi) / (Math.sqrt(vi) + eps);
  }
  return outputs;
};

const config: KernelConfig = { kernelName: KERNEL, backendName: "wasm", kernelFunc };

export function installFusedAdam(nativeLoop?: NativeAdam): void {
  if (!tf.getKernel(KERNEL, "wasm")) tf.registerKernel(config);
  native = nativeLoop;
  installed = true;
}

export function uninstallFusedAdam(): void {
  installed = false;
  native = undefined;
}
