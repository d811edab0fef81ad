import type { Diagnostic } from "@vaec/compiler";
import { runtimeDiagnostic } from "../backend/runtime-diagnostic.js";

/*
 * Diagnostics of the robustness and disentanglement metrics (VAE600-VAE609), one constructor
 * per code; the long explanations live in docs/diagnostics/VAE60x.md. None stops a command: a
 * metric that cannot be computed is left out of the results and the rest goes on.
 */

/** VAE600: the data has no class labels or discrete factors, so some metrics are left out. */
export function noLabels(data: string, metrics: string): Diagnostic {
  return runtimeDiagnostic(
    "VAE600",
    "warning",
    `\`${data}\` has no class labels: ${metrics} left out`,
    {
      help: "sprites and mnist carry labels; for your own data save them beside the images in the same .npz, as `numpy.savez(path, x=images, labels=classes)`",
    },
  );
}

/** VAE601: an .npz `labels` (or `latents_classes`) array that does not fit the data. */
export function badLabels(file: string, key: string, reason: string): Diagnostic {
  return runtimeDiagnostic("VAE601", "warning", `\`${file}[${key}]\` cannot be used: ${reason}`, {
    notes: ["the metrics that need labels are left out"],
    help: `save one whole-number class per example: \`numpy.savez(path, x=images, ${key}=classes)\` with classes of shape (N,)`,
  });
}

/** VAE602: a cached downstream classifier that cannot be read; it is trained again. */
export function badClassifierCache(file: string, reason: string): Diagnostic {
  return runtimeDiagnostic(
    "VAE602",
    "warning",
    `the cached classifier \`${file}\` cannot be read (${reason}); training it again`,
    { help: "nothing to do: the new classifier replaces the file" },
  );
}

/** VAE603: the downstream classifier is not accurate enough on clean held-out data to trust. */
export function weakClassifier(label: string, accuracy: number, floor: number): Diagnostic {
  return runtimeDiagnostic(
    "VAE603",
    "warning",
    `the downstream classifier of \`${label}\` is right on only ${(100 * accuracy).toFixed(1)}% of the clean held-out images (below ${(100 * floor).toFixed(0)}%)`,
    {
      notes: ["attack success rates measured with it say little about the attacks"],
      help: "check that the labels belong to the images (the same order, one per example), or use more labelled training examples",
    },
  );
}

/** VAE604: at the margin's radius r, most held-out examples are not r-robust even unperturbed. */
export function radiusTooSmall(radius: number, fraction: number): Diagnostic {
  return runtimeDiagnostic(
    "VAE604",
    "warning",
    `at r = ${radius.toPrecision(3)} only ${(100 * fraction).toFixed(0)}% of the held-out examples are r-robust before any perturbation, so their margin bound is 0`,
    {
      notes: ["the encoder's own noise moves the reconstruction further than r"],
      help: "pass a larger radius, e.g. `vaec eval RUN --margin-radius 10` (see docs/objectives.md)",
    },
  );
}
