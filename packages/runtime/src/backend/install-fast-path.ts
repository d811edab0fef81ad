import os from "node:os";
import { loadBlasAddon } from "./blas/blas-addon.js";
import { installBlasKernels, uninstallBlasKernels } from "./blas/blas-kernels.js";
import {
  installFastMatMul,
  uninstallFastMatMul,
  untransposedBatchMatMul,
  untransposedFusedMatMul,
} from "./fast-matmul.js";
import type { FastPathSettings } from "./fast-path-settings.js";
import { installFusedAdam, uninstallFusedAdam } from "./fused-adam.js";
import { shippedKernel } from "./kernel-override.js";
import { installSharedIdentity, uninstallSharedIdentity } from "./shared-identity.js";

/**
 * Puts the wasm fast-path kernels in place (or back to the shipped ones) as the switches say, and
 * returns the switches in effect with a note for each one asked for but not available.
 */
export function installFastPath(
  requested: FastPathSettings,
  env: NodeJS.ProcessEnv = process.env,
): { settings: FastPathSettings; notes: string[] } {
  const notes: string[] = [];
  uninstallBlasKernels();
  uninstallFastMatMul();
  const blas = requested.blas ? loadBlasAddon() : undefined;
  const addon = blas?.kind === "loaded" ? blas.addon : undefined;
  if (blas && !addon) notes.push(`blas off: ${"reason" in blas ? blas.reason : ""}`);
  if (addon) {
    const used = addon.setThreads(blasThreads(env));
    notes.push(
      `blas: ${addon.config().split(" ").slice(0, 2).join(" ")}, ${used} thread${used === 1 ? "" : "s"}`,
    );
    const fallback = requested.matmul
      ? untransposedBatchMatMul()
      : shippedKernel("BatchMatMul").kernelFunc;
    const fusedFallback = requested.matmul
      ? untransposedFusedMatMul()
      : shippedKernel("_FusedMatMul").kernelFunc;
    installBlasKernels(addon, fallback, fusedFallback);
  } else if (requested.matmul) {
    installFastMatMul();
  }
  if (requested.sharedIdentity) installSharedIdentity();
  else uninstallSharedIdentity();
  if (requested.fusedAdam) installFusedAdam(addon ? addon.adam : undefined);
  else uninstallFusedAdam();
  return { settings: { ...requested, blas: addon !== undefined }, notes };
}

/**
 * OpenBLAS threads: `VAEC_BLAS_THREADS`, else half the logical cores (at least 1), which is
 * PyTorch's default (physical cores) on the usual two-way hyperthreaded machine. The rest of a
 * step runs on one thread in wasm, and OpenBLAS's spinning threads cost more than they give when
 * other processes share the cores (measured in docs/performance.md).
 */
export function blasThreads(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.VAEC_BLAS_THREADS);
  if (Number.isInteger(asked) && asked > 0) return asked;
  return Math.max(1, Math.floor(os.availableParallelism() / 2));
}
