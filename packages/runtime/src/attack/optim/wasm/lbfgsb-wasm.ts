import { setWasmLbfgsb, wasmLbfgsbRequested } from "../../../backend/lbfgsb-switch.js";
import { LBFGSB_WASM_BASE64 } from "./lbfgsb-wasm-binary.js";

/*
 * The WebAssembly side of L-BFGS-B: the module compiled from lbfgsb_*.c (lbfgsb_kernels.h says
 * why its results equal the JavaScript loops' bit for bit), its switch, and its functions as
 * methods on typed arrays. The memory they work in is wasm-solver-heap.ts's.
 */

type Ptr = number;

export interface Exports {
  search_direction(target: Ptr, x: Ptr, g: Ptr, d: Ptr, bounds: Ptr, n: number, out: Ptr): void;
  correction_pair(
    xNew: Ptr,
    xOld: Ptr,
    gNew: Ptr,
    gOld: Ptr,
    s: Ptr,
    y: Ptr,
    bounds: Ptr,
    n: number,
    out: Ptr,
  ): void;
  step_along(x: Ptr, d: Ptr, stp: number, lower: Ptr, upper: Ptr, n: number, out: Ptr): void;
  pair_products(
    s: Ptr,
    y: Ptr,
    sBuf: Ptr,
    yBuf: Ptr,
    n: number,
    k: number,
    freeList: Ptr,
    freeCount: number,
    fixedList: Ptr,
    out: Ptr,
  ): number;
  sync_free(
    isFree: Ptr,
    free: Ptr,
    n: number,
    k: number,
    m: number,
    sBuf: Ptr,
    yBuf: Ptr,
    yyFree: Ptr,
    syFree: Ptr,
    ssFree: Ptr,
    ssFixed: Ptr,
    rowS: Ptr,
    rowY: Ptr,
    freeList: Ptr,
    fixedList: Ptr,
  ): number;
  cauchy(...args: number[]): number;
  subspace_step(...args: number[]): number;
  max_memory(): number;
  __heap_base: WebAssembly.Global;
}

type View = Float64Array | Int32Array | Uint8Array;

/**
 * The kernels, taking typed arrays that lie in the heap's memory (the solver checks `owns` first).
 * Each is named after the TypeScript function whose loop it is.
 */
export class LbfgsbKernels {
  /** The most correction pairs the kernels take (a fixed-size table in subspace_step). */
  readonly maxMemory: number;

  constructor(
    private readonly exports: Exports,
    private readonly memory: WebAssembly.Memory,
  ) {
    this.maxMemory = exports.max_memory();
  }

  /** True when every array lies in this memory. */
  owns(...views: View[]): boolean {
    const buffer = this.memory.buffer;
    for (const v of views) if (v.buffer !== buffer) return false;
    return true;
  }

  searchDirection(
    target: Float64Array,
    x: Float64Array,
    g: Float64Array,
    d: Float64Array,
    bounds: Float64Array,
    out: Float64Array,
  ): void {
    this.exports.search_direction(
      target.byteOffset,
      x.byteOffset,
      g.byteOffset,
      d.byteOffset,
      bounds.byteOffset,
      x.length,
      out.byteOffset,
    );
  }

  correctionPair(
    xNew: Float64Array,
    xOld: Float64Array,
    gNew: Float64Array,
    gOld: Float64Array,
    s: Float64Array,
    y: Float64Array,
    bounds: Float64Array,
    out: Float64Array,
  ): void {
    this.exports.correction_pair(
      xNew.byteOffset,
      xOld.byteOffset,
      gNew.byteOffset,
      gOld.byteOffset,
      s.byteOffset,
      y.byteOffset,
      bounds.byteOffset,
      xNew.length,
      out.byteOffset,
    );
  }

  stepAlong(
    x: Float64Array,
    d: Float64Array,
    stp: number,
    lower: Float64Array,
    upper: Float64Array,
    out: Float64Array,
  ): void {
    this.exports.step_along(
      x.byteOffset,
      d.byteOffset,
      stp,
      lower.byteOffset,
      upper.byteOffset,
      x.length,
      out.byteOffset,
    );
  }

  /** LimitedMemory.push's passes over n: products into out[7 b ..] per slot b; returns y^T y. */
  pairProducts(
    s: Float64Array,
    y: Float64Array,
    sBuffer: Float64Array,
    yBuffer: Float64Array,
    k: number,
    freeList: Int32Array,
    freeCount: number,
    fixedList: Int32Array,
    out: Float64Array,
  ): number {
    return this.exports.pair_products(
      s.byteOffset,
      y.byteOffset,
      sBuffer.byteOffset,
      yBuffer.byteOffset,
      s.length,
      k,
      freeList.byteOffset,
      freeCount,
      fixedList.byteOffset,
      out.byteOffset,
    );
  }

  /** LimitedMemory.syncFree; the new free count, or -1 when nothing changed. */
  syncFree(
    isFree: Uint8Array,
    free: Uint8Array,
    k: number,
    m: number,
    sBuffer: Float64Array,
    yBuffer: Float64Array,
    sums: {
      yyFree: Float64Array;
      syFree: Float64Array;
      ssFree: Float64Array;
      ssFixed: Float64Array;
    },
    rowS: Float64Array,
    rowY: Float64Array,
    freeList: Int32Array,
    fixedList: Int32Array,
  ): number {
    return this.exports.sync_free(
      isFree.byteOffset,
      free.byteOffset,
      free.length,
      k,
      m,
      sBuffer.byteOffset,
      yBuffer.byteOffset,
      sums.yyFree.byteOffset,
      sums.syFree.byteOffset,
      sums.ssFree.byteOffset,
      sums.ssFixed.byteOffset,
      rowS.byteOffset,
      rowY.byteOffset,
      freeList.byteOffset,
      fixedList.byteOffset,
    );
  }

  /** cauchyPoint's whole computation: the free count; the path length goes to out[0]. */
  cauchy(arrays: {
    x: Float64Array;
    g: Float64Array;
    lower: Float64Array;
    upper: Float64Array;
    bounds: Float64Array;
    sBuffer: Float64Array;
    yBuffer: Float64Array;
    middle: Float64Array;
    k: number;
    theta: number;
    point: Float64Array;
    d: Float64Array;
    breakpoint: Float64Array;
    heap: Int32Array;
    isFree: Uint8Array;
    free: Int32Array;
    moving: Int32Array;
    p: Float64Array;
    c: Float64Array;
    wb: Float64Array;
    mWb: Float64Array;
    chosen: Int32Array;
    out: Float64Array;
  }): number {
    const a = arrays;
    return this.exports.cauchy(
      a.x.byteOffset,
      a.g.byteOffset,
      a.lower.byteOffset,
      a.upper.byteOffset,
      a.bounds.byteOffset,
      a.x.length,
      a.sBuffer.byteOffset,
      a.yBuffer.byteOffset,
      a.middle.byteOffset,
      a.k,
      a.theta,
      a.point.byteOffset,
      a.d.byteOffset,
      a.breakpoint.byteOffset,
      a.heap.byteOffset,
      a.isFree.byteOffset,
      a.free.byteOffset,
      a.moving.byteOffset,
      a.p.byteOffset,
      a.c.byteOffset,
      a.wb.byteOffset,
      a.mWb.byteOffset,
      a.chosen.byteOffset,
      a.chosen.length,
      a.out.byteOffset,
    );
  }

  /** subspaceMinimum's passes over the free rows; true when the projected step was kept. */
  subspaceStep(arrays: {
    x: Float64Array;
    g: Float64Array;
    lower: Float64Array;
    upper: Float64Array;
    point: Float64Array;
    free: Int32Array;
    theta: number;
    sBuffer: Float64Array;
    yBuffer: Float64Array;
    k: number;
    w: Float64Array;
    factors: Float64Array;
    du: Float64Array;
    out: Float64Array;
  }): boolean {
    const a = arrays;
    return (
      this.exports.subspace_step(
        a.x.byteOffset,
        a.g.byteOffset,
        a.lower.byteOffset,
        a.upper.byteOffset,
        a.x.length,
        a.point.byteOffset,
        a.free.byteOffset,
        a.free.length,
        a.theta,
        a.sBuffer.byteOffset,
        a.yBuffer.byteOffset,
        a.k,
        a.w.byteOffset,
        a.factors.byteOffset,
        a.du.byteOffset,
        a.out.byteOffset,
      ) === 1
    );
  }
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * Whether L-BFGS-B runs its loops as WebAssembly: the `VAEC_WASM_LBFGSB` switch (on unless
 * turned off; `initBackend` sets it, backend/lbfgsb-switch.ts) and an engine that compiles the
 * module. `on` sets the switch; returns what is in effect.
 */
export function lbfgsbWasm(on?: boolean): boolean {
  if (on !== undefined) setWasmLbfgsb(on);
  return wasmLbfgsbRequested() && lbfgsbWasmModule() !== undefined;
}

/** The compiled module, or undefined where this engine cannot compile it (then: JavaScript). */
export function lbfgsbWasmModule(): WebAssembly.Module | undefined {
  if (compiled === undefined) {
    try {
      const bytes = Uint8Array.from(atob(LBFGSB_WASM_BASE64), (c) => c.charCodeAt(0));
      compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}
