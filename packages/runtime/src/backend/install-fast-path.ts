import { loadBlasAddon, type BlasAddon } from "./blas/blas-addon.js";
import { installBlasKernels, uninstallBlasKernels } from "./blas/blas-kernels.js";
import {
  installFastMatMul,
  uninstallFastMatMul,
  untransposedBatchMatMul,
  untransposedFusedMatMul,
} from "./fast-matmul.js";
import {
  FAST_PATH_SWITCHES,
  switchesInEffect,
  type FastPathSettings,
  type FastPathTuning,
  type SwitchKey,
} from "./fast-path-switches.js";
import { adamKernels, installFusedAdam, uninstallFusedAdam } from "./fused-adam.js";
import { denseKernels, installFusedDense, uninstallFusedDense } from "./fused-dense.js";
import { installFusedTc, tcKernels, uninstallFusedTc } from "./fused-tc.js";
import {
  installFusedLikelihood,
  likelihoodKernels,
  uninstallFusedLikelihood,
} from "./fused-likelihood.js";
import { installLogSumExpGrad, uninstallLogSumExpGrad } from "./log-sum-exp.js";
import { registerOpKernels, shippedKernel, type OpKernels } from "./kernel-override.js";
import { physicalCores } from "./physical-cores.js";
import { installSharedIdentity, uninstallSharedIdentity } from "./shared-identity.js";

/** What a switch puts in place on the wasm backend. */
interface Piece {
  /** Kernels and gradients of its own, registered before it is first installed. */
  op?: OpKernels;
  /** `addon`: the BLAS addon when loaded; `effect`: every switch in effect. */
  install(context: { addon: BlasAddon | undefined; effect: FastPathSettings }): void;
  uninstall(): void;
}

/**
 * Each switch of the table (fast-path-switches.ts) and what it installs; null where it installs
 * nothing here, with the reason beside it. Keyed by the table, so a new switch needs its entry.
 */
const PIECES: Record<SwitchKey, Piece | null> = {
  // With the addon, OpenBLAS does the products and this rewrite is its fallback (blas below).
  matmul: {
    install: ({ addon }) => (addon ? undefined : installFastMatMul()),
    uninstall: uninstallFastMatMul,
  },
  fusedAdam: {
    op: adamKernels,
    install: ({ addon, effect }) =>
      installFusedAdam(addon?.adam, effect.adamInPlace, effect.simdAdam),
    uninstall: uninstallFusedAdam,
  },
  blas: {
    install: ({ addon, effect }) =>
      installBlasKernels(
        addon as BlasAddon,
        effect.matmul ? untransposedBatchMatMul() : shippedKernel("BatchMatMul").kernelFunc,
        effect.matmul ? untransposedFusedMatMul() : shippedKernel("_FusedMatMul").kernelFunc,
      ),
    uninstall: uninstallBlasKernels,
  },
  sharedIdentity: { install: installSharedIdentity, uninstall: uninstallSharedIdentity },
  adamInPlace: null, // an option of the fused Adam kernel (fusedAdam)
  // The addon of an older build lacks the likelihood passes: then the gradient alone is fused.
  fusedLikelihood: {
    op: likelihoodKernels,
    install: ({ addon }) =>
      installFusedLikelihood(typeof addon?.bernoulliGrad === "function" ? addon : undefined),
    uninstall: uninstallFusedLikelihood,
  },
  logSumExpGrad: { install: installLogSumExpGrad, uninstall: uninstallLogSumExpGrad },
  fusedDense: {
    op: denseKernels,
    install: ({ addon }) =>
      installFusedDense(typeof addon?.denseGrad === "function" ? addon : undefined),
    uninstall: uninstallFusedDense,
  },
  simdAdam: null, // an option of the fused Adam kernel (fusedAdam)
  fusedTc: {
    op: tcKernels,
    install: ({ addon }) => installFusedTc(typeof addon?.tcGrad === "function" ? addon : undefined),
    uninstall: uninstallFusedTc,
  },
  wasmThreads: null, // the build the backend starts with (wasm-threads.ts), before any kernel
  wasmLbfgsb: null, // not a tfjs kernel: the attacks' solver reads it (lbfgsb-switch.ts)
};

/**
 * Puts the wasm fast-path kernels in place (or back to the shipped ones) as the switches say, and
 * returns the switches in effect with a note for each one asked for but not available.
 */
export function installFastPath(
  requested: FastPathSettings,
  tuning: FastPathTuning = {},
): { settings: FastPathSettings; notes: string[] } {
  const notes: string[] = [];
  // Everything back to the shipped kernels first, last piece first: a piece installs over none.
  for (const s of [...FAST_PATH_SWITCHES].reverse()) PIECES[s.key]?.uninstall();
  const blas = requested.blas ? loadBlasAddon() : undefined;
  const addon = blas?.kind === "loaded" ? blas.addon : undefined;
  if (blas && !addon) notes.push(`blas off: ${"reason" in blas ? blas.reason : ""}`);
  if (addon) {
    const used = addon.setThreads(blasThreads(tuning), tuning.blasSplit ?? true);
    notes.push(
      `blas: ${addon.config().split(" ").slice(0, 2).join(" ")}, ${used} thread${used === 1 ? "" : "s"}`,
    );
  }
  const effect = switchesInEffect({ ...requested, blas: addon !== undefined });
  for (const s of FAST_PATH_SWITCHES) {
    const piece = PIECES[s.key];
    if (!piece || !effect[s.key]) continue;
    if (piece.op) registerOpKernels(piece.op);
    piece.install({ addon, effect });
  }
  return { settings: effect, notes };
}

/**
 * Threads for the products and the addon's own passes (Adam, the likelihood): `VAEC_BLAS_THREADS`,
 * else the physical cores, OpenBLAS's and PyTorch's default (docs/performance.md has the
 * measurements on both cores and on one). The addon splits each large product over them itself
 * (`VAEC_BLAS_SPLIT=0`: OpenBLAS's own pool instead).
 */
export function blasThreads(tuning: FastPathTuning): number {
  return tuning.blasThreads ?? physicalCores();
}
