import type * as tf from "@tensorflow/tfjs-core";
import { throwIfGpuFault } from "./gpu-fault.js";

/**
 * A tensor's values, read asynchronously (WebGPU in Node has no synchronous read: `dataSync`
 * needs a browser's OffscreenCanvas), then checked: if the GPU reported an error since the last
 * check, the values may be zeros from a kernel that never ran, so this throws WebGpuFault instead
 * of returning them. On the CPU backends it is `await t.data()`.
 */
export async function readValues(t: tf.Tensor): Promise<Float32Array> {
  const values = (await t.data()) as Float32Array;
  throwIfGpuFault();
  return values;
}

/** Several tensors' values at once (one wait for the GPU rather than one per tensor). */
export async function readAllValues(tensors: tf.Tensor[]): Promise<Float32Array[]> {
  const values = (await Promise.all(tensors.map((t) => t.data()))) as Float32Array[];
  throwIfGpuFault();
  return values;
}

/**
 * The values of tensors made only to be read (a batch's outputs, a figure's pixels), which are
 * disposed once read, or when the read throws, so no path through a fault leaks them.
 */
export async function readAndDispose(tensors: tf.Tensor[]): Promise<Float32Array[]> {
  try {
    return await readAllValues(tensors);
  } finally {
    for (const t of tensors) t.dispose();
  }
}
