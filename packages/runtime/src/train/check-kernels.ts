import * as tf from "@tensorflow/tfjs-core";
import type { Diagnostic, ModelIR } from "@vaec/compiler";
import { missingKernel } from "./run-diagnostics.js";

/** Kernels that training conv networks needs (model/conv-ops.ts does the rest as matmuls). */
const CONV_TRAINING_KERNELS = ["Conv2D"];

/**
 * Checks that the active backend has every kernel training `ir` needs, so a missing one is a
 * clear diagnostic before any work rather than an internal error at the first backward pass.
 */
export function checkTrainingKernels(ir: ModelIR, backend = tf.getBackend()): Diagnostic[] {
  const usesConv = [...ir.generative, ...ir.inference].some((f) => f.network?.kind === "conv");
  if (!usesConv) return [];
  const missing = CONV_TRAINING_KERNELS.filter((name) => tf.getKernel(name, backend) === undefined);
  return missing.length > 0 ? [missingKernel(backend, missing)] : [];
}
