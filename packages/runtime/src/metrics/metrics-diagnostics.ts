import type { Diagnostic } from "@vaec/compiler";
import { NOWHERE, runtimeDiagnostic } from "../backend/runtime-diagnostic.js";
import { diag } from "../diagnostics/diag.js";

/*
 * Diagnostics of the robustness and disentanglement metrics (VAE600-VAE609), one constructor
 * per code; messages and explanations are in the catalogue (src/diagnostics/metrics-codes.ts). None stops a command: a
 * metric that cannot be computed is left out of the results and the rest goes on.
 */

/** VAE600: the data has no class labels or discrete factors, so some metrics are left out. */
export function noLabels(data: string, metrics: string): Diagnostic {
  return runtimeDiagnostic(diag.noLabels(NOWHERE, { data, metrics }), {
    help: "sprites and mnist carry labels; for your own data save them beside the images in the same .npz, as `numpy.savez(path, x=images, labels=classes)`",
  });
}

/** VAE601: an .npz `labels` (or `latents_classes`) array that does not fit the data. */
export function badLabels(file: string, key: string, reason: string): Diagnostic {
  return runtimeDiagnostic(diag.badLabels(NOWHERE, { file, key, reason }), {
    notes: ["the metrics that need labels are left out"],
    help: `save one whole-number class per example: \`numpy.savez(path, x=images, ${key}=classes)\` with classes of shape (N,)`,
  });
}

/** VAE602: a cached downstream classifier that cannot be read; it is trained again. */
export function badClassifierCache(file: string, reason: string): Diagnostic {
  return runtimeDiagnostic(diag.badClassifierCache(NOWHERE, { file, reason }), {
    help: "nothing to do: the new classifier replaces the file",
  });
}

/** VAE603: the downstream classifier is not accurate enough on clean held-out data to trust. */
export function weakClassifier(label: string, accuracy: number, floor: number): Diagnostic {
  return runtimeDiagnostic(
    diag.weakClassifier(NOWHERE, {
      label,
      accuracy: (100 * accuracy).toFixed(1),
      floor: (100 * floor).toFixed(0),
    }),
    {
      notes: ["attack success rates measured with it say little about the attacks"],
      help: "check that the labels belong to the images (the same order, one per example), or use more labelled training examples",
    },
  );
}

/** VAE604: at the margin's radius r, most held-out examples are not r-robust even unperturbed. */
export function radiusTooSmall(radius: number, fraction: number): Diagnostic {
  return runtimeDiagnostic(
    diag.radiusTooSmall(NOWHERE, {
      radius: radius.toPrecision(3),
      percent: (100 * fraction).toFixed(0),
    }),
    {
      notes: ["the encoder's own noise moves the reconstruction further than r"],
      help: "pass a larger radius, e.g. `vaec eval RUN --margin-radius 10` (see docs/objectives.md)",
    },
  );
}
