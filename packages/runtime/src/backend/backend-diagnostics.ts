import type { Diagnostic } from "@vaec/compiler";
import { BACKEND_NAMES, type BackendName, type UnavailableBackend } from "./backend-info.js";
import type { MalformedSetting } from "./fast-path-settings.js";
import { diag } from "../diagnostics/diag.js";
import { NOWHERE, runtimeDiagnostic } from "./runtime-diagnostic.js";
import { noWebGpuAdapter } from "./webgpu/webgpu-diagnostics.js";

type ForcedBy = "option" | "VAEC_BACKEND";

const INSTALL: Record<BackendName, string> = {
  "tfjs-node-gpu":
    "install it with `npm install @tensorflow/tfjs-node-gpu` on a machine with CUDA and cuDNN " +
    "(its install step downloads the TensorFlow C library, so it needs network access then)",
  "tfjs-node":
    "install it with `npm install @tensorflow/tfjs-node` (its install step downloads the " +
    "TensorFlow C library, so it needs network access then)",
  webgpu:
    "install it with `npm install webgpu @tensorflow/tfjs-backend-webgpu` (optional dependencies " +
    "of vaec, from npm alone: Dawn ships prebuilt inside the `webgpu` package)",
  wasm: "reinstall it with `npm install @tensorflow/tfjs-backend-wasm`",
  cpu: "reinstall it with `npm install @tensorflow/tfjs-backend-cpu`",
};

function source(forcedBy: ForcedBy): string {
  return forcedBy === "option" ? "`--backend`" : "`VAEC_BACKEND`";
}

/** VAE534: a fast-path variable that is no switch value or count (the default is kept). */
export function malformedSetting({ variable, raw, kind }: MalformedSetting): Diagnostic {
  return kind === "switch"
    ? runtimeDiagnostic(diag.badSwitchValue(NOWHERE, { variable, raw }), {
        help: `set \`${variable}\` to 1 or 0 (also accepted: on/off, true/false)`,
      })
    : runtimeDiagnostic(diag.badCountValue(NOWHERE, { variable, raw }), {
        help: `set \`${variable}\` to a whole number of threads (1 or more), or unset it for the default`,
      });
}

/** VAE532: the requested name is none of the backends. */
export function unknownBackend(name: string, forcedBy: ForcedBy): Diagnostic {
  const guess = closest(name);
  return runtimeDiagnostic(diag.unknownBackend(NOWHERE, { name, source: source(forcedBy) }), {
    notes: [`the backends are ${BACKEND_NAMES.map((n) => `\`${n}\``).join(", ")}`],
    help: guess
      ? `did you mean \`${guess}\`?`
      : `use one of ${BACKEND_NAMES.join(", ")}, or leave it unset`,
  });
}

/** VAE530 (not installed), VAE531 (failed to load) or VAE533 (no GPU) for a forced backend. */
export function forcedUnavailable(
  u: UnavailableBackend,
  forcedBy: ForcedBy | undefined,
): Diagnostic {
  const by = forcedBy ? ` (requested by ${source(forcedBy)})` : "";
  const unset = forcedBy ? `, or unset ${source(forcedBy)} to use the best backend available` : "";
  switch (u.kind) {
    case "not-installed":
      return runtimeDiagnostic(diag.backendNotInstalled(NOWHERE, { name: u.name, by }), {
        help: INSTALL[u.name] + unset,
      });
    case "failed":
      return runtimeDiagnostic(
        diag.backendUnusable(NOWHERE, { name: u.name, reason: u.reason, by }),
        {
          notes: ["`vaec doctor` lists every backend and why it can or cannot start"],
          help: INSTALL[u.name].replace(/^install/, "reinstall") + unset,
        },
      );
    case "no-gpu":
      if (u.name === "webgpu")
        return noWebGpuAdapter(u.reason, forcedBy ? source(forcedBy) : "`--backend`");
      return runtimeDiagnostic(diag.backendSeesNoGpu(NOWHERE, { name: u.name, by }), {
        notes: [u.reason],
        help: `check that \`nvidia-smi\` lists a GPU and that CUDA and cuDNN match tfjs-node-gpu's requirements${unset}`,
      });
  }
}

/** What `initBackend` throws: the diagnostics, with a message that reads like the rendered form. */
export class BackendError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(
      diagnostics
        .filter((d) => d.severity === "error")
        .map((d) => `${d.code}: ${d.message}${d.help ? `; help: ${d.help}` : ""}`)
        .join("\n"),
    );
    this.name = "BackendError";
    this.diagnostics = diagnostics;
  }
}

export function backendError(diagnostics: Diagnostic[]): BackendError {
  return new BackendError(diagnostics);
}

function closest(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of BACKEND_NAMES) {
    const d = editDistance(lower, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
