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
import { installFusedDense, uninstallFusedDense } from "./fused-dense.js";
import { installFusedTc, uninstallFusedTc } from "./fused-tc.js";
import { installFusedLikelihood, uninstallFusedLikelihood } from "./fused-likelihood.js";
import { installLogSumExpGrad, uninstallLogSumExpGrad } from "./log-sum-exp.js";
import { shippedKernel } from "./kernel-override.js";
import { physicalCores } from "./physical-cores.js";
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
    const used = addon.setThreads(blasThreads(env), env.VAEC_BLAS_SPLIT !== "0");
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
  if (requested.fusedAdam) installFusedAdam(addon?.adam, requested.adamInPlace, requested.simdAdam);
  else uninstallFusedAdam();
  // The addon of an older build lacks the likelihood passes: then the gradient alone is fused.
  if (requested.fusedLikelihood)
    installFusedLikelihood(typeof addon?.bernoulliGrad === "function" ? addon : undefined);
  else uninstallFusedLikelihood();
  if (requested.logSumExpGrad) installLogSumExpGrad();
  else uninstallLogSumExpGrad();
  if (requested.fusedDense)
    installFusedDense(typeof addon?.denseGrad === "function" ? addon : undefined);
  else uninstallFusedDense();
  if (requested.fusedTc) installFusedTc(typeof addon?.tcGrad === "function" ? addon : undefined);
  else uninstallFusedTc();
  return {
    settings: {
      ...requested,
      blas: addon !== undefined,
      adamInPlace: requested.fusedAdam && requested.adamInPlace,
      simdAdam: requested.fusedAdam && requested.simdAdam && !addon,
    },
    notes,
  };
}

/**
 * Threads for the products and the addon's own passes (Adam, the likelihood): `VAEC_BLAS_THREADS`,
 * else the physical cores, OpenBLAS's and PyTorch's default (docs/performance.md has the
 * measurements on both cores and on one). The addon splits each large product over them itself
 * (`VAEC_BLAS_SPLIT=0`: OpenBLAS's own pool instead).
 */
export function blasThreads(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.VAEC_BLAS_THREADS);
  if (Number.isInteger(asked) && asked > 0) return asked;
  return physicalCores();
}
