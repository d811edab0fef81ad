import type { KernelBackend, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { kernelOverride, overrideKernel, restoreKernel, shippedKernel } from "./kernel-override.js";

/*
 * The wasm backend's Identity kernel copies its input. tfjs calls it for every tensor a custom
 * gradient saves for the backward pass (`tf.fused.matMul` saves its weight matrix), so each step
 * copied every weight matrix once more. Tensors are immutable, so Identity can share the input's
 * buffer and count one more reference, exactly as the cpu backend's Identity does.
 */

const KERNEL = "Identity";
const TAG = "shared";

interface RefCounting extends KernelBackend {
  incRef(dataId: object): void;
}

export function installSharedIdentity(): void {
  const copying = shippedKernel(KERNEL).kernelFunc;
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === "string") return copying(args);
    (args.backend as RefCounting).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  overrideKernel(KERNEL, TAG, kernelFunc);
}

export function uninstallSharedIdentity(): void {
  if (kernelOverride(KERNEL) === TAG) restoreKernel(KERNEL);
}

export function isSharedIdentityInstalled(): boolean {
  return kernelOverride(KERNEL) === TAG;
}
