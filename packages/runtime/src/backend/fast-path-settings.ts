import type { Diagnostic } from "@vaec/compiler";
import { runtimeDiagnostic } from "./runtime-diagnostic.js";

/**
 * The switches of the fast CPU path (wasm backend). Each piece can be turned off alone so the
 * benchmark can show what it contributes; every one is on by default.
 */
export interface FastPathSettings {
  /** Matmuls with a transposed operand rewritten to stay on XNNPACK's untransposed kernel
   * (`VAEC_FAST_MATMUL`). */
  matmul: boolean;
  /** Adam's update as one pass over the wasm heap instead of a dozen tfjs kernels
   * (`VAEC_FUSED_ADAM`; used by `adamStep`). */
  fusedAdam: boolean;
  /** BatchMatMul (and Adam) through the native OpenBLAS addon, when `npm run build:blas` has
   * built it (`VAEC_BLAS`). */
  blas: boolean;
  /** Identity (what tfjs calls to save tensors for a gradient) shares the buffer instead of
   * copying it, as the cpu backend does (`VAEC_SHARED_IDENTITY`). */
  sharedIdentity: boolean;
  /** Adam's moments updated in their own buffers instead of new ones (`VAEC_ADAM_IN_PLACE`; with
   * `fusedAdam`). */
  adamInPlace: boolean;
  /** The Bernoulli log-likelihood as one op with its own gradient, x - sigmoid(logits): one
   * native pass each way with the BLAS addon, fewer wasm kernels without it
   * (`VAEC_FUSED_LIKELIHOOD`). */
  fusedLikelihood: boolean;
  /** logsumexp with its own gradient, softmax times dy, instead of differentiating through the
   * max (whose gradient is a slow broadcasting Equal on wasm) (`VAEC_LOGSUMEXP_GRAD`). */
  logSumExpGrad: boolean;
  /** Dense layers (linear/relu) as one op: one fused matmul forward, one pass for the relu mask
   * and bias gradient backward (`VAEC_FUSED_DENSE`). */
  fusedDense: boolean;
  /** Without the BLAS addon, Adam's loop in WebAssembly SIMD, four parameters at a time
   * (`VAEC_SIMD_ADAM`; with `fusedAdam`). */
  simdAdam: boolean;
  /** The total-correlation estimator's per-sample term as one op with its own gradient, one
   * loop over the wasm heap each way instead of ~25 kernels on [B, B, d] (`VAEC_FUSED_TC`). */
  fusedTc: boolean;
  /** tfjs-backend-wasm's threaded SIMD build, XNNPACK on every core (`VAEC_WASM_THREADS`; count:
   * `VAEC_WASM_THREAD_COUNT`, default the physical cores, at most 8; off by default with BLAS). */
  wasmThreads: boolean;
  /** L-BFGS-B's loops over the variables (the attacks' solver) in WebAssembly compiled from C,
   * the same arithmetic as the JavaScript loops (`VAEC_WASM_LBFGSB`; any backend). */
  wasmLbfgsb: boolean;
}

export const FAST_PATH_ENV: Record<keyof FastPathSettings, string> = {
  matmul: "VAEC_FAST_MATMUL",
  fusedAdam: "VAEC_FUSED_ADAM",
  blas: "VAEC_BLAS",
  sharedIdentity: "VAEC_SHARED_IDENTITY",
  adamInPlace: "VAEC_ADAM_IN_PLACE",
  fusedLikelihood: "VAEC_FUSED_LIKELIHOOD",
  logSumExpGrad: "VAEC_LOGSUMEXP_GRAD",
  fusedDense: "VAEC_FUSED_DENSE",
  simdAdam: "VAEC_SIMD_ADAM",
  fusedTc: "VAEC_FUSED_TC",
  wasmThreads: "VAEC_WASM_THREADS",
  wasmLbfgsb: "VAEC_WASM_LBFGSB",
};

const DEFAULTS: FastPathSettings = {
  matmul: true,
  fusedAdam: true,
  blas: true,
  sharedIdentity: true,
  adamInPlace: true,
  fusedLikelihood: true,
  logSumExpGrad: true,
  fusedDense: true,
  simdAdam: true,
  fusedTc: true,
  wasmThreads: true,
  wasmLbfgsb: true,
};

/**
 * Resolves the switches: an explicit option wins over the environment, which wins over the
 * default. A malformed environment value is reported (VAE534) and the default kept.
 */
export function resolveFastPath(
  options: Partial<FastPathSettings> = {},
  // No `process.env` default: this module is part of the browser-safe core (src/core.ts).
  env: Readonly<Record<string, string | undefined>>,
): { settings: FastPathSettings; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const settings = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as Array<keyof FastPathSettings>) {
    const fromOption = options[key];
    if (fromOption !== undefined) {
      settings[key] = fromOption;
      continue;
    }
    const raw = env[FAST_PATH_ENV[key]];
    if (raw === undefined || raw === "") continue;
    const parsed = parseSwitch(raw);
    if (parsed === undefined) {
      diagnostics.push(
        runtimeDiagnostic(
          "VAE534",
          "warning",
          `\`${FAST_PATH_ENV[key]}\` is \`${raw}\`, not a switch value`,
          {
            help: `set \`${FAST_PATH_ENV[key]}\` to 1 or 0 (also accepted: on/off, true/false)`,
          },
        ),
      );
      continue;
    }
    settings[key] = parsed;
  }
  return { settings, diagnostics };
}

function parseSwitch(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (["1", "on", "true", "yes"].includes(v)) return true;
  if (["0", "off", "false", "no"].includes(v)) return false;
  return undefined;
}
