import { alignUp, type HeapBounds, type SolverHeap } from "../solver-heap.js";
import { LbfgsbKernels, lbfgsbWasmModule, type Exports } from "./lbfgsb-wasm.js";

/*
 * A heap that lays a batch's arrays out in the memory of its own instance of the L-BFGS-B
 * module. One memory per batch, sized for all its rows before the first is allocated (a wasm
 * memory that grows replaces its buffer, and with it every view); the arrays are bump-allocated
 * and never freed one by one: the whole heap goes when the batch ends.
 */

const PAGE = 65536;

/** A heap of at least `bytes` in a memory of its own, or undefined if none can be had. */
export function createWasmHeap(bytes: number): WasmSolverHeap | undefined {
  const module = lbfgsbWasmModule();
  if (!module) return undefined;
  try {
    // The stack (64 KiB) comes first; the heap starts at __heap_base, read after instantiation,
    // so reserve one page more than the stack for it.
    const pages = Math.ceil((alignUp(bytes) + 2 * PAGE) / PAGE);
    const memory = new WebAssembly.Memory({ initial: pages });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    return new WasmSolverHeap(instance.exports as unknown as Exports, memory);
  } catch {
    // Over the engine's limit for one memory (4 GiB in wasm32), or out of address space.
    return undefined;
  }
}

export class WasmSolverHeap implements SolverHeap {
  readonly kernels: LbfgsbKernels;
  private readonly base: number;
  private next: number;
  /** Copies made by `bounds`, by lower then upper array. */
  private readonly copies = new Map<Float64Array, Map<Float64Array, HeapBounds>>();

  constructor(
    exports: Exports,
    readonly memory: WebAssembly.Memory,
  ) {
    this.kernels = new LbfgsbKernels(exports, memory);
    this.base = alignUp(exports.__heap_base.value as number);
    this.next = this.base;
  }

  /** Bytes the heap can still hand out. */
  get free(): number {
    return this.memory.buffer.byteLength - this.next;
  }

  /** Forgets every array handed out and zeroes their bytes, for the next batch. */
  reset(): void {
    new Uint8Array(this.memory.buffer, this.base, this.next - this.base).fill(0);
    this.next = this.base;
    this.copies.clear();
  }

  private take(bytes: number): number {
    const at = this.next;
    const size = alignUp(bytes);
    if (at + size > this.memory.buffer.byteLength) {
      throw new Error(
        `the L-BFGS-B wasm heap is too small: ${size} bytes asked, ${this.free} left ` +
          "(a bug in its sizing)",
      );
    }
    this.next = at + size;
    return at;
  }

  f64(length: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.take(8 * length), length);
  }

  i32(length: number): Int32Array {
    return new Int32Array(this.memory.buffer, this.take(4 * length), length);
  }

  u8(length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.take(length), length);
  }

  bounds(lower: Float64Array, upper: Float64Array): HeapBounds {
    const cached = this.copies.get(lower)?.get(upper);
    if (cached) return cached;
    const n = lower.length;
    const lowerCopy = this.f64(n);
    const upperCopy = this.f64(n);
    const interleaved = this.f64(2 * n);
    lowerCopy.set(lower);
    upperCopy.set(upper);
    for (let i = 0; i < n; i++) {
      interleaved[2 * i] = lower[i];
      interleaved[2 * i + 1] = upper[i];
    }
    const bounds = { lower: lowerCopy, upper: upperCopy, interleaved };
    const byUpper = this.copies.get(lower) ?? new Map<Float64Array, HeapBounds>();
    byUpper.set(upper, bounds);
    this.copies.set(lower, byUpper);
    return bounds;
  }
}

/** A heap this small is kept for the next batch; a larger one is left to the garbage collector. */
const KEEP_BYTES = 64 * 1024 * 1024;

let idle: WasmSolverHeap | undefined;

/**
 * A heap of at least `bytes` for one batch: the one the last batch gave back when it is large
 * enough (solving one row at a time then reuses one memory), else a new one; undefined if none
 * can be had. Give it back with `releaseWasmHeap` when the batch is done.
 */
export function acquireWasmHeap(bytes: number): WasmSolverHeap | undefined {
  const reuse = idle;
  idle = undefined;
  if (reuse) {
    reuse.reset();
    if (reuse.free >= bytes) return reuse;
  }
  return createWasmHeap(bytes);
}

export function releaseWasmHeap(heap: WasmSolverHeap): void {
  if (heap.memory.buffer.byteLength <= KEEP_BYTES) idle = heap;
}
