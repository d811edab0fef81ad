import type { Diagnostic, DiagnosticDraft, Span } from "@vaec/compiler";
import { diag } from "../../diagnostics/diag.js";
import { NOWHERE, runtimeDiagnostic } from "../runtime-diagnostic.js";
import type { GpuFaultKind } from "./gpu-fault.js";

/*
 * The WebGPU diagnostics, worded by the runtime's catalogue (diagnostics/backend-codes.ts). This
 * module is outside the browser core: the core only records a fault as data (gpu-fault.ts), and
 * the Node side turns it into a diagnostic, so the core never bundles the catalogue.
 */

const MESSAGE: Record<GpuFaultKind, (span: Span) => DiagnosticDraft> = {
  validation: diag.gpuValidationError,
  "out-of-memory": diag.gpuOutOfMemory,
  internal: diag.gpuInternalError,
  "device-lost": diag.gpuDeviceLost,
};

const HELP: Record<GpuFaultKind, string> = {
  validation:
    "this is a bug in vaec or tfjs's WebGPU backend: report it with the spec and the `vaec doctor` output; meanwhile train with `--backend wasm`",
  "out-of-memory":
    "use a smaller `train.batch` (or a smaller model), or train with `--backend wasm`, which uses main memory",
  internal:
    "update the GPU driver (or Mesa), or train with `--backend wasm`; `vaec doctor` shows the adapter",
  "device-lost":
    "the driver reset or the GPU was removed; run again (it resumes from the last checkpoint with --resume), or train with `--backend wasm`",
};

/**
 * VAE535-VAE538: a WebGPU error stopped the work. WebGPU reports these beside the results rather
 * than throwing, and a failed kernel leaves zeros, not an error: so vaec stops at the first one,
 * before any number computed after it is saved. `lastCheckpoint` is the stopped run's (null when
 * none was written), undefined when the fault stopped no run.
 */
export function gpuFault(
  kind: GpuFaultKind,
  message: string,
  lastCheckpoint?: number | null,
): Diagnostic {
  const kept =
    lastCheckpoint === undefined
      ? []
      : [
          lastCheckpoint === null
            ? "no checkpoint had been written yet"
            : `the last good checkpoint (step ${lastCheckpoint}) is kept`,
        ];
  return runtimeDiagnostic(MESSAGE[kind](NOWHERE), {
    notes: [`WebGPU said: ${firstLines(message)}`, ...kept],
    help: HELP[kind],
  });
}

/** VAE539: `--backend webgpu` was asked for and no adapter, GPU or software, could be had. */
export function noWebGpuAdapter(reason: string, source: string): Diagnostic {
  return runtimeDiagnostic(diag.noWebGpuAdapter(NOWHERE, { source }), {
    notes: [reason],
    help:
      "for a GPU install its Vulkan driver and loader (libvulkan1); for the software adapter, Mesa's EGL " +
      "(`apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri`); or unset it to use the best backend available",
  });
}

function firstLines(message: string): string {
  return message.trim().split("\n").slice(0, 2).join(" ").replace(/\s+/g, " ").slice(0, 400);
}
