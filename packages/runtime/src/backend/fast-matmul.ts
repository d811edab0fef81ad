import {
  util,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { kernelOverride, overrideKernel, restoreKernel, shippedKernel } from "./kernel-override.js";

/*
 * The wasm backend's BatchMatMul runs on XNNPACK only when neither operand is transposed; the
 * transposed cases (every matmul gradient) fall back to a scalar loop 10-30x slower. This
 * override turns each transposed product into an untransposed one, choosing for each case the
 * rewrite that moves the fewest numbers:
 *   A^T B    = T(A) B            or  (T(B) A)^T ... written as T( T(B) . A )
 *   A B^T    = A T(B)            or  T( B T(A) )
 *   A^T B^T  = T( B A )          or  T(A) T(B)
 * For the weight gradient of a dense layer (x^T dy) the first is cheap (x is a batch); for the
 * input gradient (dy W^T) the second keeps the big weight matrix as the left operand, which
 * XNNPACK does not pack, and transposes only the batch-sized matrices.
 */

const KERNEL = "BatchMatMul";
const FUSED = "_FusedMatMul";
const TAG = "untransposed";

/** Whether the override is installed on the wasm backend. */
export function isFastMatMulInstalled(): boolean {
  return kernelOverride(KERNEL) === TAG;
}

/** Replaces the wasm BatchMatMul and _FusedMatMul kernels with transposition-free ones. */
export function installFastMatMul(): void {
  overrideKernel(KERNEL, TAG, untransposedBatchMatMul());
  overrideKernel(FUSED, TAG, untransposedFusedMatMul());
}

/** Puts the shipped kernels back. Idempotent. */
export function uninstallFastMatMul(): void {
  if (isFastMatMulInstalled()) restoreKernel(KERNEL);
  if (kernelOverride(FUSED) === TAG) restoreKernel(FUSED);
}

/**
 * _FusedMatMul with a transposed operand: that operand is transposed first. Besides speed this
 * fixes a wrong result: tfjs-backend-wasm 4.22's fused kernel with `transposeB` and a bias gives
 * entries that differ from the cpu backend's (see the test).
 */
export function untransposedFusedMatMul(): KernelFunc {
  const fused = shippedKernel(FUSED).kernelFunc;
  const transpose = shippedKernel("Transpose").kernelFunc;
  return (args) => {
    const { inputs, backend, attrs } = args;
    const transposeA = Boolean(attrs?.transposeA);
    const transposeB = Boolean(attrs?.transposeB);
    if (!transposeA && !transposeB) return fused(args);
    const swap = (x: TensorInfo): TensorInfo => {
      const rank = x.shape.length;
      const perm = [...Array(rank).keys()];
      [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
      return transpose({
        inputs: { x },
        backend,
        attrs: { perm } as unknown as NamedAttrMap,
      }) as TensorInfo;
    };
    const a = transposeA ? swap(inputs.a as TensorInfo) : (inputs.a as TensorInfo);
    const b = transposeB ? swap(inputs.b as TensorInfo) : (inputs.b as TensorInfo);
    const out = fused({
      inputs: { ...inputs, a, b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false } as unknown as NamedAttrMap,
    }) as TensorInfo;
    if (transposeA) (backend as KernelBackend).disposeData(a.dataId);
    if (transposeB) (backend as KernelBackend).disposeData(b.dataId);
    return out;
  };
}

/** The kernel function: every transposed product rewritten as untransposed ones. */
export function untransposedBatchMatMul(): KernelFunc {
  const plain = shippedKernel(KERNEL);
  const transpose = shippedKernel("Transpose");
  const plainFunc = plain.kernelFunc;
  const transposeFunc = transpose.kernelFunc;
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const transposeA = Boolean(attrs?.transposeA);
    const transposeB = Boolean(attrs?.transposeB);
    if (!transposeA && !transposeB) return plainFunc(args);
    const a = inputs.a as TensorInfo;
    const b = inputs.b as TensorInfo;
    const temporaries: TensorInfo[] = [];
    const swap = (x: TensorInfo): TensorInfo => {
      const rank = x.shape.length;
      const perm = [...Array(rank).keys()];
      perm[rank - 2] = rank - 1;
      perm[rank - 1] = rank - 2;
      const out = transposeFunc({
        inputs: { x },
        backend,
        attrs: { perm } as unknown as NamedAttrMap,
      }) as TensorInfo;
      return out;
    };
    const matmul = (x: TensorInfo, y: TensorInfo): TensorInfo =>
      plainFunc({
        inputs: { a: x, b: y },
        backend,
        attrs: { transposeA: false, transposeB: false } as unknown as NamedAttrMap,
      }) as TensorInfo;
    const keep = (x: TensorInfo): TensorInfo => {
      temporaries.push(x);
      return x;
    };
    const sizeA = util.sizeFromShape(a.shape);
    const sizeB = util.sizeFromShape(b.shape);
    const sizeOut = outputSize(a.shape, b.shape, transposeA, transposeB);
    let out: TensorInfo;
    if (transposeA && transposeB) {
      // T(B A) moves the output once; T(A) T(B) moves both operands.
      out =
        sizeOut <= sizeA + sizeB ? swap(keep(matmul(b, a))) : matmul(keep(swap(a)), keep(swap(b)));
    } else if (transposeA) {
      out =
        sizeA <= sizeB + sizeOut ? matmul(keep(swap(a)), b) : swap(keep(matmul(keep(swap(b)), a)));
    } else {
      out =
        sizeB <= sizeA + sizeOut ? matmul(a, keep(swap(b))) : swap(keep(matmul(b, keep(swap(a)))));
    }
    for (const t of temporaries) (backend as KernelBackend).disposeData(t.dataId);
    return out;
  };
  return kernelFunc;
}

function outputSize(a: number[], b: number[], transposeA: boolean, transposeB: boolean): number {
  const rows = transposeA ? a[a.length - 1] : a[a.length - 2];
  const cols = transposeB ? b[b.length - 2] : b[b.length - 1];
  const batchA = util.sizeFromShape(a.slice(0, -2));
  const batchB = util.sizeFromShape(b.slice(0, -2));
  return Math.max(batchA, batchB) * rows * cols;
}
