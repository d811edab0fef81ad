import * as tf from "@tensorflow/tfjs-core";
import type { KernelFunc, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";
import type { WasmHeapBackend } from "./wasm-heap.js";

/*
 * Row gathers for the conv ops' im2col and col2im (model/conv-geometry.ts). tfjs-backend-wasm's
 * GatherV2 computes every element's source index with a division chain (about 20 M floats/s
 * here, the largest cost of a conv training step); this kernel copies whole rows with
 * `copyWithin` straight on the wasm heap, and sums groups of `taps` rows in the same pass (col2im)
 * instead of gathering them all and reducing over a middle axis. Other backends get the same
 * result from composed ops, so callers use it unconditionally.
 */

const KERNEL = "VaecGatherRows";

/**
 * Row r of the result is the sum over t < taps of row indices[r * taps + t] of `rows` ([n, c]),
 * an index of n or more reading as a row of zeros (the padding of a convolution).
 */
export function gatherRows(rows: tf.Tensor2D, indices: Int32Array, taps = 1): tf.Tensor2D {
  if (tf.getBackend() === "wasm") {
    if (!tf.getKernel(KERNEL, "wasm")) {
      tf.registerKernel({ kernelName: KERNEL, backendName: "wasm", kernelFunc });
    }
    const attrs = { indices, taps } as unknown as NamedAttrMap;
    return tf.engine().runKernel(KERNEL, { rows }, attrs) as tf.Tensor2D;
  }
  return tf.tidy(() => {
    const [n, c] = rows.shape;
    const padded = tf.pad(rows, [
      [0, 1],
      [0, 0],
    ]);
    const clamped = Int32Array.from(indices, (i) => Math.min(i, n));
    const gathered = tf.gather(padded, tf.tensor1d(clamped, "int32"));
    if (taps === 1) return gathered as tf.Tensor2D;
    return tf.sum(tf.reshape(gathered, [-1, taps, c]), 1) as tf.Tensor2D;
  });
}

const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as WasmHeapBackend;
  const rows = (inputs as Record<string, TensorInfo>).rows;
  const { indices, taps } = attrs as unknown as { indices: Int32Array; taps: number };
  const [n, c] = rows.shape;
  const outRows = indices.length / taps;
  const out = wasm.makeOutput([outRows, c], "float32");
  // Views after the allocation: it may grow (and so replace) the wasm memory.
  const heap = new Float32Array(wasm.wasm.HEAPU8.buffer);
  const from = wasm.dataIdMap.get(rows.dataId).memoryOffset / 4;
  const to = wasm.dataIdMap.get(out.dataId).memoryOffset / 4;
  if (taps === 1) {
    for (let r = 0; r < outRows; r++) {
      const i = indices[r];
      const at = to + r * c;
      if (i < n) heap.copyWithin(at, from + i * c, from + (i + 1) * c);
      else heap.fill(0, at, at + c);
    }
    return out;
  }
  heap.fill(0, to, to + outRows * c);
  for (let r = 0; r < outRows; r++) {
    const at = to + r * c;
    for (let t = 0; t < taps; t++) {
      const i = indices[r * taps + t];
      if (i >= n) continue;
      const src = from + i * c;
      for (let k = 0; k < c; k++) heap[at + k] += heap[src + k];
    }
  }
  return out;
};
