import * as tf from "@tensorflow/tfjs-core";
import type { GradConfig, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import type { BlasAddon } from "./blas/blas-addon.js";
import { backendState } from "./backend-state.js";
import type { OpKernels } from "./kernel-override.js";
import { heapView, type WasmHeapBackend } from "./wasm-heap.js";

/*
 * The total-correlation estimator's per-sample term as one op (beta-TCVAE, Chen et al. 2018):
 *   L[b, n, k] = log N(z[b, k]; mu[n, k], exp(logvar[n, k]))
 *   r[b] = logsumexp_n (sum_k L[b, n, k] + logW[b, n]) - sum_k logsumexp_n (L[b, n, k] + logW[b, n])
 * so TC = mean_b r[b]. Composed from tfjs ops it is about 25 kernels forward and more backward on
 * [B, B, d] tensors (7 ms of kernels and as much again in per-op overhead on the reference
 * workload); here it is one loop over the wasm heap each way, in float64, with the exact gradient
 *   dr[b] / dL[b, n, k] = softmax_n(S[b, .])[n] - softmax_n(T[b, ., k])[n]
 * chained through L to z, mu and logvar (and logW). With the BLAS addon the same loops run in C
 * (vaec_tc.c, vectorised exponentials, float inner sums); without it, in JavaScript.
 */

const FORWARD = "VaecTcRows";
const BACKWARD = "VaecTcRowsGrad";
const LOG_2PI = Math.log(2 * Math.PI);

type Native = Pick<BlasAddon, "tcRows" | "tcGrad">;
const state = backendState.tc;

export function isFusedTcInstalled(): boolean {
  return state.installed;
}

/**
 * r[b] above for z [B, d], the conditionals' mu and logvar [N, d] and log-weights logW [B, N]:
 * [B]. Fused when installed on wasm; undefined otherwise (the caller composes it from tfjs ops).
 */
export function fusedTcRows(
  z: tf.Tensor,
  mu: tf.Tensor,
  logvar: tf.Tensor,
  logW: tf.Tensor,
): tf.Tensor1D | undefined {
  const ok =
    state.installed &&
    tf.getBackend() === "wasm" &&
    [z, mu, logvar, logW].every((t) => t.dtype === "float32" && t.rank === 2) &&
    tf.util.arraysEqual(mu.shape, logvar.shape) &&
    z.shape[1] === mu.shape[1] &&
    tf.util.arraysEqual(logW.shape, [z.shape[0], mu.shape[0]]);
  if (!ok) return undefined;
  return tf.engine().runKernel(FORWARD, { z, mu, logvar, logW }) as tf.Tensor1D;
}

interface Views {
  B: number;
  N: number;
  D: number;
  z: Float32Array;
  mu: Float32Array;
  logW: Float32Array;
  /** exp(-logvar) and logvar + log 2 pi per (n, k). */
  inv: Float64Array;
  shift: Float64Array;
}

function views(wasm: WasmHeapBackend, inputs: Record<string, TensorInfo>): Views {
  const [B, D] = inputs.z.shape;
  const N = inputs.mu.shape[0];
  const lv = heapView(wasm, inputs.logvar, N * D);
  const inv = new Float64Array(N * D);
  const shift = new Float64Array(N * D);
  for (let i = 0; i < N * D; i++) {
    inv[i] = Math.exp(-lv[i]);
    shift[i] = lv[i] + LOG_2PI;
  }
  return {
    B,
    N,
    D,
    z: heapView(wasm, inputs.z, B * D),
    mu: heapView(wasm, inputs.mu, N * D),
    logW: heapView(wasm, inputs.logW, B * N),
    inv,
    shift,
  };
}

/** Row b: T[n, k] = L[b, n, k] + logW[b, n] into `t`, S[n] into `s`; returns logsumexp_n S and
 * fills `lse[k]` = logsumexp_n T[., k]. */
function row(v: Views, b: number, t: Float64Array, s: Float64Array, lse: Float64Array): number {
  const { N, D, z, mu, logW, inv, shift } = v;
  let maxS = -Infinity;
  for (let n = 0; n < N; n++) {
    const w = logW[b * N + n];
    let sum = w;
    for (let k = 0; k < D; k++) {
      const d = z[b * D + k] - mu[n * D + k];
      const l = -0.5 * (d * d * inv[n * D + k] + shift[n * D + k]);
      t[n * D + k] = l + w;
      sum += l;
    }
    s[n] = sum;
    if (sum > maxS) maxS = sum;
  }
  let total = 0;
  for (let n = 0; n < N; n++) total += Math.exp(s[n] - maxS);
  for (let k = 0; k < D; k++) {
    let max = -Infinity;
    for (let n = 0; n < N; n++) max = Math.max(max, t[n * D + k]);
    let sum = 0;
    for (let n = 0; n < N; n++) sum += Math.exp(t[n * D + k] - max);
    lse[k] = max + Math.log(sum);
  }
  return maxS + Math.log(total);
}

/** The four inputs' heap views and sizes, for the addon. */
function nativeArgs(wasm: WasmHeapBackend, ins: Record<string, TensorInfo>) {
  const [B, D] = ins.z.shape;
  const N = ins.mu.shape[0];
  const arrays = [
    heapView(wasm, ins.z, B * D),
    heapView(wasm, ins.mu, N * D),
    heapView(wasm, ins.logvar, N * D),
    heapView(wasm, ins.logW, B * N),
  ] as const;
  return { arrays, B, N, D };
}

const forward: KernelFunc = ({ inputs, backend }) => {
  const wasm = backend as WasmHeapBackend;
  const ins = inputs as Record<string, TensorInfo>;
  const out = wasm.makeOutput([ins.z.shape[0]], "float32");
  const native = state.native;
  if (native) {
    const { arrays, B, N, D } = nativeArgs(wasm, ins);
    native.tcRows(...arrays, B, N, D, heapView(wasm, out, B));
    return out;
  }
  const v = views(wasm, ins);
  const r = heapView(wasm, out, v.B);
  const t = new Float64Array(v.N * v.D);
  const s = new Float64Array(v.N);
  const lse = new Float64Array(v.D);
  for (let b = 0; b < v.B; b++) {
    const logQz = row(v, b, t, s, lse);
    let product = 0;
    for (let k = 0; k < v.D; k++) product += lse[k];
    r[b] = logQz - product;
  }
  return out;
};

const backward: KernelFunc = ({ inputs, backend }) => {
  const wasm = backend as WasmHeapBackend;
  const ins = inputs as Record<string, TensorInfo>;
  const [B, D] = ins.z.shape;
  const N = ins.mu.shape[0];
  const outs = [
    wasm.makeOutput([B, D], "float32"),
    wasm.makeOutput([N, D], "float32"),
    wasm.makeOutput([N, D], "float32"),
    wasm.makeOutput([B, N], "float32"),
  ];
  const native = state.native;
  if (native) {
    const { arrays } = nativeArgs(wasm, ins);
    const sizes = [B * D, N * D, N * D, B * N];
    const [dz, dmu, dlv, dw] = outs.map((o, i) => heapView(wasm, o, sizes[i]));
    native.tcGrad(...arrays, heapView(wasm, ins.dy, B), B, N, D, dz, dmu, dlv, dw);
    return outs;
  }
  const v = views(wasm, ins);
  const dy = heapView(wasm, ins.dy, B);
  const dz = new Float64Array(B * D);
  const dmu = new Float64Array(N * D);
  const dlv = new Float64Array(N * D);
  const dw = new Float64Array(B * N);
  const t = new Float64Array(N * D);
  const s = new Float64Array(N);
  const lse = new Float64Array(D);
  for (let b = 0; b < B; b++) {
    const g = dy[b];
    if (g === 0) continue;
    const logQz = row(v, b, t, s, lse);
    for (let n = 0; n < N; n++) {
      const a = g * Math.exp(s[n] - logQz);
      let wGrad = a;
      for (let k = 0; k < D; k++) {
        const i = n * D + k;
        const bk = g * Math.exp(t[i] - lse[k]);
        const gl = a - bk; // dy[b] dr[b] / dL[b, n, k]
        wGrad -= bk;
        const d = v.z[b * D + k] - v.mu[i];
        const scaled = d * v.inv[i];
        dz[b * D + k] -= gl * scaled;
        dmu[i] += gl * scaled;
        dlv[i] += gl * 0.5 * (d * scaled - 1);
      }
      dw[b * N + n] = wGrad;
    }
  }
  [dz, dmu, dlv, dw].forEach((values, i) => heapView(wasm, outs[i], values.length).set(values));
  return outs;
};

const kernels: KernelConfig[] = [
  { kernelName: FORWARD, backendName: "wasm", kernelFunc: forward },
  { kernelName: BACKWARD, backendName: "wasm", kernelFunc: backward },
];

const gradient: GradConfig = {
  kernelName: FORWARD,
  inputsToSave: ["z", "mu", "logvar", "logW"],
  gradFunc: (dy, saved) => {
    const [z, mu, logvar, logW] = saved;
    const [dz, dmu, dlv, dw] = tf
      .engine()
      .runKernel(BACKWARD, { z, mu, logvar, logW, dy: dy as tf.Tensor }) as tf.Tensor[];
    return { z: () => dz, mu: () => dmu, logvar: () => dlv, logW: () => dw };
  },
};

/** The op's kernels and gradient, registered by install-fast-path.ts with every other piece's. */
export const tcKernels: OpKernels = { kernels, gradients: [gradient] };

/** `addon`: the loops in C; without it, in JavaScript. */
export function installFusedTc(addon?: Native): void {
  state.native = addon;
  state.installed = true;
}

export function uninstallFusedTc(): void {
  state.installed = false;
  state.native = undefined;
}
