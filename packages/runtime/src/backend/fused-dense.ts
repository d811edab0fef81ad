import * as tf from "@tensorflow/tfjs-core";
import type { GradConfig, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import type { BlasAddon } from "./blas/blas-addon.js";
import { backendState } from "./backend-state.js";
import type { OpKernels } from "./kernel-override.js";
import { heapView, type WasmHeapBackend } from "./wasm-heap.js";

/*
 * A dense layer, activation(x W + b) with linear or relu, as one op. tfjs's `fused.matMul` fuses
 * only while no gradient is being recorded (or for linear layers), so in training every relu
 * layer is a matmul, a broadcasting Add and a Relu forward, and a Step, a Multiply and a Sum
 * (the bias gradient, which the wasm backend computes by transposing first) backward. Here the
 * forward is one _FusedMatMul kernel (sgemm + bias + relu with the BLAS addon) and the backward
 * is one pass for the relu mask and the bias gradient together (native with the addon; Step,
 * Multiply and Sum without it), then the two products. The gradient is registered, so tfjs asks
 * only for the input gradients it needs: the first layer's x gradient is never computed.
 */

const FORWARD = "VaecDense";
const BACKWARD = "VaecDenseGrad";
const ACTIVATIONS = ["linear", "relu"] as const;
export type DenseActivation = (typeof ACTIVATIONS)[number];

const state = backendState.dense;

export function isFusedDenseInstalled(): boolean {
  return state.installed;
}

/** activation(x w + b) for x [rows, k], w [k, n], b [n]. Fused when installed on wasm. */
export function denseLayer(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor,
  activation: DenseActivation,
): tf.Tensor2D {
  const fusable =
    state.installed &&
    tf.getBackend() === "wasm" &&
    [x, w, b].every((t) => t.dtype === "float32") &&
    x.rank === 2 &&
    w.rank === 2 &&
    b.rank === 1 &&
    x.shape[1] === w.shape[0] &&
    b.shape[0] === w.shape[1];
  if (!fusable) return tf.fused.matMul({ a: x, b: w, bias: b, activation }) as tf.Tensor2D;
  return tf.engine().runKernel(FORWARD, { x, w, bias: b }, { activation }) as tf.Tensor2D;
}

const as3d = (t: TensorInfo): TensorInfo => ({ ...t, shape: [1, ...t.shape] });

// The wasm _FusedMatMul in place at call time (BLAS, untransposed or shipped), on 3-D views as
// tfjs's own op passes them.
const forward: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, w, bias } = inputs as Record<string, TensorInfo>;
  const fused = tf.getKernel("_FusedMatMul", "wasm");
  if (!fused) throw new Error("the wasm backend has no _FusedMatMul kernel");
  const out = fused.kernelFunc({
    inputs: { a: as3d(x), b: as3d(w), bias },
    backend,
    attrs: { transposeA: false, transposeB: false, activation: attrs?.activation ?? "linear" },
  }) as TensorInfo;
  return { ...out, shape: [x.shape[0], w.shape[1]] };
};

// [dz, db] for relu, [db] for linear (dz is dy itself).
const backward: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as WasmHeapBackend;
  const { dy, y } = inputs as Record<string, TensorInfo>;
  const [rows, cols] = dy.shape;
  const relu = attrs?.activation === "relu";
  const dz = relu ? wasm.makeOutput(dy.shape, "float32") : null;
  const db = wasm.makeOutput([cols], "float32");
  (state.native as Pick<BlasAddon, "denseGrad">).denseGrad(
    heapView(wasm, dy, rows * cols),
    relu ? heapView(wasm, y, rows * cols) : null,
    rows,
    cols,
    dz ? heapView(wasm, dz, rows * cols) : null,
    heapView(wasm, db, cols),
  );
  return dz ? [dz, db] : [db];
};

const kernels: KernelConfig[] = [
  { kernelName: FORWARD, backendName: "wasm", kernelFunc: forward },
  { kernelName: BACKWARD, backendName: "wasm", kernelFunc: backward },
];

const gradient: GradConfig = {
  kernelName: FORWARD,
  inputsToSave: ["x", "w"],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, w, y] = saved as tf.Tensor2D[];
    const d = dy as tf.Tensor2D;
    const relu = attrs.activation === "relu";
    let dz: tf.Tensor2D;
    let db: tf.Tensor;
    if (state.native) {
      const outs = tf.engine().runKernel(BACKWARD, { dy: d, y }, { activation: attrs.activation });
      [dz, db] = relu ? (outs as [tf.Tensor2D, tf.Tensor]) : [d, (outs as tf.Tensor[])[0]];
    } else {
      dz = relu ? tf.mul(d, tf.step(y)) : d;
      db = tf.sum(dz, 0);
    }
    return {
      x: () => tf.matMul(dz, w, false, true),
      w: () => tf.matMul(x, dz, true, false),
      bias: () => db,
    };
  },
};

/** The op's kernels and gradient, registered by install-fast-path.ts with every other piece's. */
export const denseKernels: OpKernels = { kernels, gradients: [gradient] };

/** `addon`: the backward pass's native mask and bias sum; without it those are tfjs kernels. */
export function installFusedDense(addon?: Pick<BlasAddon, "denseGrad">): void {
  state.native = addon;
  state.installed = true;
}

export function uninstallFusedDense(): void {
  state.installed = false;
  state.native = undefined;
}
