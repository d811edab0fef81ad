import type { Diagnostic } from "@vaec/compiler";
import { NOWHERE, runtimeDiagnostic } from "../backend/runtime-diagnostic.js";
import { diag } from "../diagnostics/diag.js";

/*
 * Diagnostics of studies (VAE560-VAE569), one constructor per code; the explanations live in
 * the catalogue (src/diagnostics/study-codes.ts) and docs/study.md.
 */

/** VAE560: the whole study (every spec's grid together) has more points than allowed. */
export function tooManyPoints(points: number, max: number): Diagnostic {
  return runtimeDiagnostic(
    diag.tooManyPoints(NOWHERE, {
      points: points.toLocaleString("en"),
      max: max.toLocaleString("en"),
    }),
    {
      notes: ["each point trains and attacks a model; nothing was started"],
      help: `check the specs' \`sweep\` lines and \`--grid\` for a list typed by mistake (\`vaec sweep --dry-run\` lists the points), or raise the cap with \`--max-points ${points}\``,
    },
  );
}

/** VAE561: a point's worker process ended without reporting a result (killed, out of memory). */
export function workerDied(label: string, how: string, runDir: string): Diagnostic {
  return runtimeDiagnostic(diag.workerDied(NOWHERE, { label, how }), {
    notes: [
      `its run \`${runDir}\` keeps every checkpoint written before; the other points went on`,
    ],
    help: "run the same `vaec sweep` again with `--resume`: finished points are reused and this one continues from its last checkpoint",
  });
}

/** VAE562: the point's training stopped before its budget (Ctrl-C, or a stop request). */
export function pointStopped(label: string, step: number, totalSteps: number): Diagnostic {
  return runtimeDiagnostic(diag.pointStopped(NOWHERE, { label, step, totalSteps }), {
    notes: ["a point is attacked only once its run has finished training"],
    help: "run the same `vaec sweep` again with `--resume` to continue it from its last checkpoint",
  });
}
