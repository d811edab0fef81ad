import type { KernelBackend, TensorInfo } from "@tensorflow/tfjs-core";

/** What vaec's own wasm kernels use of the wasm backend (internal fields, tfjs 4.22). */
export interface WasmHeapBackend extends KernelBackend {
  dataIdMap: { get(dataId: object): { memoryOffset: number; refCount: number } };
  makeOutput(shape: number[], dtype: string): TensorInfo;
  incRef(dataId: object): void;
  wasm: {
    HEAPU8: Uint8Array;
    /** The single-threaded build exports its memory; the threaded one keeps it as `wasmMemory`. */
    asm?: { memory?: WebAssembly.Memory };
    wasmMemory?: WebAssembly.Memory;
  };
}

/**
 * A Float32Array over a tensor's bytes in the wasm heap. Make views only after every output of a
 * kernel is allocated: an allocation may grow, and so replace, the wasm memory.
 */
export function heapView(backend: WasmHeapBackend, t: TensorInfo, size: number): Float32Array {
  return new Float32Array(
    backend.wasm.HEAPU8.buffer,
    backend.dataIdMap.get(t.dataId).memoryOffset,
    size,
  );
}
