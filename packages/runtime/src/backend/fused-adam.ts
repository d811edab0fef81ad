import * as tf from "@tensorflow/tfjs-core";
import type { BlasAddon } from "./blas/blas-addon.js";
import { simdAdam, type SimdAdam } from "./wasm-simd-adam.js";
import type { WasmHeapBackend } from "./wasm-heap.js";
import { backendState } from "./backend-state.js";
import type { OpKernels } from "./kernel-override.js";
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";

/*
 * Adam's update written as one pass. Composed from tfjs ops it is about a dozen elementwise
 * kernels per parameter, each allocating a full-size buffer; on the reference workload (12.8 M
 * parameters) that was the largest cost after the matmuls. On the wasm backend the kernel below
 * reads the parameter, gradient and both moments straight from the wasm heap and writes the three
 * results in one loop; elsewhere `adamStep` falls back to the composed ops, so callers use it
 * unconditionally. The parameter result is always a new buffer: XNNPACK caches packed weights by
 * tensor id, so a weight changed in place would be multiplied with stale packing. The moments are
 * never matmul operands, so with `inPlace` (VAEC_ADAM_IN_PLACE) they are updated where they lie
 * when nothing else holds their buffers: the returned m and v then share the old ones' buffers
 * (one more reference, as the shared Identity does), which saves two full-size buffers and their
 * write-allocate traffic per parameter. Callers must treat the m and v they pass as consumed (both
 * callers dispose or reassign them at once); a buffer with other references is never touched.
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
/** `native`: the same loop in C (blas/vaec_adam.c), when the native BLAS addon is loaded.
 * Without it, `simd`: the WebAssembly SIMD loop (VAEC_SIMD_ADAM), built once per wasm memory. */
const state = backendState.adam;
type NativeAdam = BlasAddon["adam"];

/** Whether `adamStep` runs as the one-pass wasm kernel. */
export function isFusedAdamInstalled(): boolean {
  return state.installed;
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
  if (state.installed && tf.getBackend() === "wasm") {
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

const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as WasmHeapBackend;
  const { param, grad, m, v } = inputs as Record<string, TensorInfo>;
  const { learningRate, beta1, beta2, epsilon, step } = attrs as unknown as AdamHyper & {
    step: number;
  };
  // A moment is updated in place only when its buffer is held by that one tensor alone.
  const own = (t: TensorInfo) =>
    state.inPlace &&
    wasm.dataIdMap.get(t.dataId).refCount === 1 &&
    [param, grad, m, v].filter((u) => u.dataId === t.dataId).length === 1;
  const outputs = [param, m, v].map((t, i) => {
    if (i > 0 && own(t)) {
      wasm.incRef(t.dataId);
      return { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
    }
    return wasm.makeOutput(t.shape, "float32");
  });
  // Views after every allocation: an allocation may grow (and so replace) the wasm memory. In
  // place, M2 and M view the same memory: each element is read before it is written.
  const buffer = wasm.wasm.HEAPU8.buffer;
  const n = tf.util.sizeFromShape(param.shape);
  const view = (t: TensorInfo) =>
    new Float32Array(buffer, wasm.dataIdMap.get(t.dataId).memoryOffset, n);
  const [P, G, M, V] = [param, grad, m, v].map(view);
  const [P2, M2, V2] = outputs.map(view);
  const correction2 = Math.sqrt(1 - beta2 ** step);
  const rate = (learningRate * correction2) / (1 - beta1 ** step);
  const eps = epsilon * correction2;
  if (state.native) {
    state.native(P, G, M, V, P2, M2, V2, rate, beta1, beta2, eps);
    return outputs;
  }
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  let start = 0;
  const loop = state.simd ? simdLoop(wasm) : undefined;
  if (loop) {
    start = n - (n % 4);
    const [p, g, m1, v1, p2, m2, v2] = [P, G, M, V, P2, M2, V2].map((a) => a.byteOffset);
    loop(p, g, m1, v1, p2, m2, v2, start * 4, rate, beta1, c1, beta2, c2, eps);
  }
  for (let i = start; i < n; i++) {
    const g = G[i];
    const mi = beta1 * M[i] + c1 * g;
    const vi = beta2 * V[i] + c2 * g * g;
    M2[i] = mi;
    V2[i] = vi;
    P2[i] = P[i] - (rate * mi) / (Math.sqrt(vi) + eps);
  }
  return outputs;
};

function simdLoop(wasm: WasmHeapBackend): SimdAdam | undefined {
  // The single-threaded build exports its memory; the threaded one keeps it as `wasmMemory`.
  const memory = wasm.wasm.asm?.memory ?? wasm.wasm.wasmMemory;
  if (!memory) return undefined;
  if (state.simdLoop?.memory !== memory) state.simdLoop = { memory, loop: simdAdam(memory) };
  return state.simdLoop.loop;
}

/** The kernel, registered by install-fast-path.ts with every other piece's (no gradient: Adam
 * runs outside the tape). */
export const adamKernels: OpKernels = {
  kernels: [{ kernelName: KERNEL, backendName: "wasm", kernelFunc } satisfies KernelConfig],
  gradients: [],
};

/** `updateInPlace`: the moments are updated in their own buffers when nothing else holds them.
 * `simdLoop`: without `nativeLoop`, the WebAssembly SIMD loop where the memory allows it. */
export function installFusedAdam(
  nativeLoop?: NativeAdam,
  updateInPlace = false,
  simdLoop = false,
): void {
  state.native = nativeLoop;
  state.installed = true;
  state.inPlace = updateInPlace;
  state.simd = simdLoop;
}

export function uninstallFusedAdam(): void {
  state.installed = false;
  state.inPlace = false;
  state.simd = false;
  state.native = undefined;
}

/** Whether the fused kernel updates Adam's moments in place. */
export function isAdamInPlace(): boolean {
  return state.installed && state.inPlace;
}
