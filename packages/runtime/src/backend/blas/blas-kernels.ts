import { broadcast_util, util, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core";
import { kernelOverride, overrideKernel, restoreKernel } from "../kernel-override.js";
import type { BlasAddon } from "./blas-addon.js";
import type { WasmHeapBackend } from "../wasm-heap.js";

/*
 * BatchMatMul and _FusedMatMul on the wasm backend computed by OpenBLAS's sgemm, reading and
 * writing the wasm heap in place through the addon. sgemm takes transposed operands natively, so
 * no transposes are made. Cases the addon does not cover (other dtypes, batch broadcasting other
 * than one side of size 1, fused activations other than linear/relu, prelu) go to `fallback`.
 */

const TAG = "blas";

const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1 };

export function isBlasInstalled(): boolean {
  return kernelOverride("BatchMatMul") === TAG;
}

/** Installs both kernels; the fallbacks take what sgemm does not cover. */
export function installBlasKernels(
  addon: BlasAddon,
  fallback: KernelFunc,
  fusedFallback: KernelFunc,
): void {
  overrideKernel("BatchMatMul", TAG, (args) => blasMatMul(addon, args, null) ?? fallback(args));
  overrideKernel(
    "_FusedMatMul",
    TAG,
    (args) => blasMatMul(addon, args, args.attrs) ?? fusedFallback(args),
  );
}

export function uninstallBlasKernels(): void {
  if (kernelOverride("BatchMatMul") === TAG) restoreKernel("BatchMatMul");
  if (kernelOverride("_FusedMatMul") === TAG) restoreKernel("_FusedMatMul");
}

/** sgemm for one call, or null when this case belongs to the fallback kernel. */
function blasMatMul(
  addon: BlasAddon,
  args: Parameters<KernelFunc>[0],
  fused: Parameters<KernelFunc>[0]["attrs"] | null,
): TensorInfo | null {
  const backend = args.backend as WasmHeapBackend;
  const { a, b, bias, preluActivationWeights } = args.inputs as Record<
    string,
    TensorInfo | undefined
  >;
  if (!a || !b || a.dtype !== "float32" || b.dtype !== "float32") return null;
  const transposeA = Boolean(args.attrs?.transposeA);
  const transposeB = Boolean(args.attrs?.transposeB);
  let activation = 0;
  if (fused) {
    const code = ACTIVATIONS[String(fused.activation ?? "linear")];
    if (code === undefined || preluActivationWeights) return null;
    activation = code;
  }
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (k !== kb || m * n * k === 0) return null;
  const batchA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = util.sizeFromShape(b.shape.slice(0, -2));
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  if (bias && (bias.dtype !== "float32" || util.sizeFromShape(bias.shape) !== n)) return null;
  const batchDims = broadcast_util.assertAndGetBroadcastShape(
    a.shape.slice(0, -2),
    b.shape.slice(0, -2),
  );
  const batch = Math.max(batchA, batchB);
  const out = backend.makeOutput([...batchDims, m, n], "float32");
  // Views only after the output exists: allocating may grow, and so replace, the wasm memory.
  const heap = backend.wasm.HEAPU8.buffer;
  const view = (t: TensorInfo, size: number) =>
    new Float32Array(heap, backend.dataIdMap.get(t.dataId).memoryOffset, size);
  const c = view(out, batch * m * n);
  addon.sgemm(
    transposeA,
    transposeB,
    batch,
    m,
    n,
    k,
    view(a, batchA * m * k),
    batchA === 1 ? 0 : m * k,
    view(b, batchB * k * n),
    batchB === 1 ? 0 : k * n,
    c,
  );
  if (fused && (bias || activation !== 0)) {
    addon.biasActivation(c, bias ? view(bias, n) : null, batch * m, n, activation);
  }
  return out;
}
