import type * as tf from "@tensorflow/tfjs-core";
import type { KernelConfig } from "@tensorflow/tfjs-core";
import type { AddonLoad, BlasAddon } from "./blas/blas-addon.js";
import type { SimdAdam } from "./wasm-simd-adam.js";
import type { WebGpuAdapterInfo } from "./webgpu/adapter-description.js";
import type { DawnDevice } from "./webgpu/dawn-types.js";
import type { GpuFaultKind } from "./webgpu/gpu-fault.js";

/*
 * Everything the backend layer keeps between calls, in one object: tfjs's registries are
 * process-wide, so which kernels are overridden, which fused ops are installed (and with the
 * native passes or not), the wasm build registered and the WebGPU device are too. No other module
 * of backend/ keeps state of its own (backend-state.test.ts fails on a module-level `let`, Map or
 * Set elsewhere), so a reader finds here all that a call can leave behind.
 */

/** A fused op: installed or not, and the BLAS addon's native passes when it has them. */
interface FusedOp<Native> {
  installed: boolean;
  native: Native | undefined;
}

interface AdamState extends FusedOp<BlasAddon["adam"]> {
  inPlace: boolean;
  simd: boolean;
  simdLoop?: { memory: WebAssembly.Memory; loop: SimdAdam | undefined };
}

export const backendState = {
  /** The wasm kernels vaec overrides: the shipped config, captured the first time, and the tag
   * of the override in place (kernel-override.ts). */
  kernels: {
    shipped: new Map<string, KernelConfig>(),
    installed: new Map<string, string>(),
  },
  /** fused-adam.ts: `inPlace` (VAEC_ADAM_IN_PLACE), `simd` (VAEC_SIMD_ADAM) and its loop, built
   * once per wasm memory. */
  adam: { installed: false, native: undefined, inPlace: false, simd: false } as AdamState,
  likelihood: { installed: false, native: undefined } as FusedOp<
    Pick<BlasAddon, "bernoulliLogLik" | "bernoulliGrad">
  >,
  dense: { installed: false, native: undefined } as FusedOp<Pick<BlasAddon, "denseGrad">>,
  tc: { installed: false, native: undefined } as FusedOp<Pick<BlasAddon, "tcRows" | "tcGrad">>,
  /** log-sum-exp.ts: the switch, and the custom-gradient function made once per axis. */
  logSumExp: {
    installed: false,
    byAxis: new Map<number, (x: tf.Tensor) => tf.Tensor>(),
  },
  /** VAEC_WASM_LBFGSB as `initBackend` set it; undefined until then (lbfgsb-switch.ts). */
  wasmLbfgsb: undefined as boolean | undefined,
  /** The wasm build registered as `wasm` (wasm-threads-build.ts): its threads (1: tfjs's own),
   * tfjs's own factory once replaced, and every worker the threaded build started. */
  wasmBuild: {
    threads: 1,
    shipped: undefined as ReturnType<typeof tf.findBackendFactory> | undefined,
    workers: new Set<{ terminate(): unknown }>(),
  },
  /** The BLAS addon, loaded (or found missing) once (blas/blas-addon.ts). */
  blasAddon: undefined as AddonLoad | undefined,
  webgpu: {
    /** One device per process: switching away and back reuses it (webgpu/start-webgpu.ts). */
    device: undefined as
      { adapter: WebGpuAdapterInfo; device: DawnDevice; defaults: boolean } | undefined,
    /** The device watched for errors and the first error since (webgpu/gpu-fault.ts). */
    watched: undefined as DawnDevice | undefined,
    fault: undefined as { kind: GpuFaultKind; message: string } | undefined,
  },
};
