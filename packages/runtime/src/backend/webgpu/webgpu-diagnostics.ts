import type { Diagnostic } from "@vaec/compiler";
import { runtimeDiagnostic } from "../runtime-diagnostic.js";

/** What went wrong on the GPU, as WebGPU reports it. */
export type GpuFaultKind = "validation" | "out-of-memory" | "internal" | "device-lost";

const CODES: Record<GpuFaultKind, string> = {
  validation: "VAE535",
  "out-of-memory": "VAE536",
  internal: "VAE537",
  "device-lost": "VAE538",
};

const WHAT: Record<GpuFaultKind, string> = {
  validation: "WebGPU rejected a command (validation error)",
  "out-of-memory": "the GPU ran out of memory",
  internal: "WebGPU failed inside the driver (internal error)",
  "device-lost": "the GPU device was lost",
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
 * before any number computed after it is saved.
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
  return runtimeDiagnostic(CODES[kind], "error", `${WHAT[kind]}; the run was stopped`, {
    notes: [`WebGPU said: ${firstLines(message)}`, ...kept],
    help: HELP[kind],
  });
}

/** VAE539: `--backend webgpu` was asked for and no adapter, GPU or software, could be had. */
export function noWebGpuAdapter(reason: string, forcedBy: string): Diagnostic {
  return runtimeDiagnostic(
    "VAE539",
    "error",
    `backend \`webgpu\` found no WebGPU adapter (requested by ${forcedBy})`,
    {
      notes: [reason],
      help:
        "for a GPU install its Vulkan driver and loader (libvulkan1); for the software adapter, Mesa's EGL " +
        "(`apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri`); or unset it to use the best backend available",
    },
  );
}

function firstLines(message: string): string {
  return message.trim().split("\n").slice(0, 2).join(" ").replace(/\s+/g, " ").slice(0, 400);
}
