import { interleavedBounds } from "./box-problem.js";
import type { LbfgsbKernels } from "./wasm/lbfgsb-wasm.js";

/*
 * Where L-BFGS-B keeps its arrays. The JavaScript heap is the plain one; the WebAssembly heap
 * (wasm/wasm-solver-heap.ts) puts every array of a batch's rows into one wasm memory, so the
 * kernels compiled from wasm/lbfgsb_*.c work on them in place, and offers those kernels. The
 * solver code is the same either way: it asks the heap for arrays and, where the heap has kernels
 * and every array involved lies in its memory, calls them instead of its own loops.
 */
export interface SolverHeap {
  /** The WebAssembly kernels over this heap's memory; undefined on the JavaScript heap. */
  readonly kernels: LbfgsbKernels | undefined;
  f64(length: number): Float64Array;
  i32(length: number): Int32Array;
  u8(length: number): Uint8Array;
  /** A problem's bounds as this heap holds them (one copy per distinct pair of arrays). */
  bounds(lower: Float64Array, upper: Float64Array): HeapBounds;
}

export interface HeapBounds {
  lower: Float64Array;
  upper: Float64Array;
  /** [l_0, u_0, l_1, u_1, ...] (box-problem.ts's interleavedBounds). */
  interleaved: Float64Array;
}

export const JS_HEAP: SolverHeap = {
  kernels: undefined,
  f64: (length) => new Float64Array(length),
  i32: (length) => new Int32Array(length),
  u8: (length) => new Uint8Array(length),
  bounds: (lower, upper) => ({ lower, upper, interleaved: interleavedBounds(lower, upper) }),
};

/** Every allocation starts on a 16-byte boundary (a wasm SIMD vector). */
export const HEAP_ALIGN = 16;

export const alignUp = (bytes: number): number => Math.ceil(bytes / HEAP_ALIGN) * HEAP_ALIGN;

/** Bytes that `allocate` takes from a heap (as the WebAssembly heap lays them out). */
export function heapBytes(allocate: (heap: SolverHeap) => unknown): number {
  let bytes = 0;
  const counting: SolverHeap = {
    kernels: undefined,
    f64: (length) => {
      bytes += alignUp(8 * length);
      return new Float64Array(length);
    },
    i32: (length) => {
      bytes += alignUp(4 * length);
      return new Int32Array(length);
    },
    u8: (length) => {
      bytes += alignUp(length);
      return new Uint8Array(length);
    },
    bounds: (lower) => {
      bytes += 4 * alignUp(8 * lower.length);
      return JS_HEAP.bounds(lower, lower);
    },
  };
  allocate(counting);
  return bytes;
}
