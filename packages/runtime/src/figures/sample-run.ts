import path from "node:path";
import type { Diagnostic } from "@vaec/compiler";
import { disposeModel } from "../model/vae-model.js";
import { runPaths } from "../run-store/layout.js";
import { loadRunData, openRun } from "../run-store/open-run.js";
import { catchStoreErrorAsync } from "../run-store/store-error.js";
import { writeSampleFigures } from "./sample-figures.js";

/** `vaec sample`: PNG grids of a run's reconstructions, prior samples and latent traversals. */
export async function sampleRun(
  runDir: string,
  options: {
    out?: string;
    seed?: number;
    /** Figures written so far, after each one. */
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<{ result?: { files: string[] }; diagnostics: Diagnostic[] }> {
  const opened = openRun(runDir);
  const run = opened.result;
  if (!run) return { diagnostics: opened.diagnostics };
  try {
    const data = loadRunData(run);
    const heldOut = data.result?.heldOut;
    if (!heldOut) return { diagnostics: data.diagnostics };
    // A full disk is VAE549 (each PNG is written atomically, so none is left half-written).
    const written = await catchStoreErrorAsync(() =>
      writeSampleFigures(run.model, heldOut, {
        seed: options.seed ?? run.record.settings.seed,
        outDir: options.out ?? runPaths(runDir).figures,
        onProgress: options.onProgress,
      }),
    );
    if (!written.result) return { diagnostics: written.diagnostics };
    return {
      result: { files: written.result.map((f) => path.normalize(f)) },
      diagnostics: data.diagnostics,
    };
  } finally {
    disposeModel(run.model);
  }
}
