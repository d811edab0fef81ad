import type { Diagnostic } from "@vaec/compiler";
import { NOWHERE, runtimeDiagnostic } from "../backend/runtime-diagnostic.js";
import { diag } from "../diagnostics/diag.js";

/*
 * Diagnostics of training and of run directories (VAE540-VAE549), one constructor per code;
 * messages and explanations are in the catalogue (src/diagnostics/run-codes.ts).
 */

/** VAE540: a loss term became NaN or infinite; training stopped without saving the bad state. */
export function nonFiniteLoss(
  term: string,
  value: number,
  step: number,
  lastCheckpoint: number | null,
): Diagnostic {
  return runtimeDiagnostic(diag.nonFiniteLoss(NOWHERE, { term, value, step }), {
    notes: [
      lastCheckpoint === null
        ? "training stopped; no checkpoint had been written yet"
        : `training stopped; the last good checkpoint (step ${lastCheckpoint}) is kept`,
    ],
    help: "lower the learning rate (`optimizer = adam(lr = ...)` in the `train` block) or the penalty's beta, then train again",
  });
}

/** VAE541: the run directory (or its checkpoint) needed by eval, sample, export or --resume is missing. */
export function missingRun(runDir: string, what: string): Diagnostic {
  return runtimeDiagnostic(diag.missingRun(NOWHERE, { runDir, what }), {
    help: "pass a run directory written by `vaec train` (runs/<model>-<hash>), after at least one checkpoint",
  });
}

/** VAE542: a checkpoint that cannot be read or does not fit the run's model. */
export function badCheckpoint(file: string, reason: string): Diagnostic {
  return runtimeDiagnostic(diag.badCheckpoint(NOWHERE, { file, reason }), {
    help: "it was written by a different model or is damaged; delete the run folder and train again",
  });
}

/** VAE543: --resume with data or batch settings that change the data order. */
export function resumeMismatch(what: string, saved: number, now: number): Diagnostic {
  return runtimeDiagnostic(diag.resumeMismatch(NOWHERE, { what, saved, now }), {
    help: "the run folder's checkpoint does not match its run; delete the run folder and train again",
  });
}

/** VAE544: the backend lacks a kernel the model needs to train (e.g. conv gradients on wasm). */
export function missingKernel(backend: string, kernels: string[]): Diagnostic {
  const list = kernels.map((k) => `\`${k}\``).join(", ");
  return runtimeDiagnostic(diag.missingKernel(NOWHERE, { backend, list }), {
    notes: ["the model has convolutional networks, whose gradients need these kernels"],
    help: "train it on another backend: `--backend tfjs-node` (when installed) or `--backend cpu` (slow)",
  });
}
