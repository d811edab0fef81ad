import {
  getGradient,
  getKernel,
  registerGradient,
  registerKernel,
  unregisterKernel,
  type GradConfig,
  type KernelConfig,
  type KernelFunc,
} from "@tensorflow/tfjs-core";
import { backendState } from "./backend-state.js";

/*
 * Swapping the wasm backend's kernels in and out. The shipped kernel is captured the first time a
 * kernel is overridden, so every override can fall back to it and `restoreKernel` can put it back
 * whatever was installed in between. The fused ops' own kernels and gradients are new names:
 * registered once (tfjs's registry is process-wide) and switched by each op's state instead.
 */

const BACKEND = "wasm";
const { shipped, installed } = backendState.kernels;

/** The wasm backend's own kernel, as tfjs-backend-wasm registered it. */
export function shippedKernel(name: string): KernelConfig {
  let config = shipped.get(name);
  if (!config) {
    config = getKernel(name, BACKEND);
    if (!config) throw new Error(`the wasm backend has no \`${name}\` kernel`);
    shipped.set(name, config);
  }
  return config;
}

/** Replaces kernel `name` on wasm with `kernelFunc`, keeping the shipped setup and dispose. */
export function overrideKernel(name: string, tag: string, kernelFunc: KernelFunc): void {
  const base = shippedKernel(name);
  unregisterKernel(name, BACKEND);
  registerKernel({ ...base, kernelFunc });
  installed.set(name, tag);
}

export function restoreKernel(name: string): void {
  if (!installed.has(name)) return;
  unregisterKernel(name, BACKEND);
  registerKernel(shippedKernel(name));
  installed.delete(name);
}

/** The tag of the override in place for `name`, if any. */
export function kernelOverride(name: string): string | undefined {
  return installed.get(name);
}

/** The kernels (and gradients) a fused op adds to the wasm backend under names of its own. */
export interface OpKernels {
  kernels: readonly KernelConfig[];
  gradients: readonly GradConfig[];
}

/** Registers what is not registered yet: tfjs refuses a second registration of a name. */
export function registerOpKernels(op: OpKernels): void {
  for (const k of op.kernels) if (!getKernel(k.kernelName, k.backendName)) registerKernel(k);
  for (const g of op.gradients) if (!getGradient(g.kernelName)) registerGradient(g);
}
