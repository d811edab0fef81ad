import path from "node:path";
import type { Diagnostic } from "@vaec/compiler";
import { disposeModel } from "../model/vae-model.js";
import { runPaths } from "../run-store/layout.js";
import { loadRunData, openRun } from "../run-store/open-run.js";
import { writeSampleFigures } from "./sample-figures.js";

/** `vaec sample`: PNG grids of a run's reconstructions, prior samples and latent traversals. */
export function sampleRun(
  runDir: string,
  options: {
    out?: string;
    seed?: number;
    /** Figures written so far, after each one. */
    onProgress?: (done: number, total: number) => void;
  } = {},
): { result?: { files: string[] }; diagnostics: Diagnostic[] } {
  const opened = openRun(runDir);
  const run = opened.result;
  if (!run) return { diagnostics: opened.diagnostics };
  try {
    const data = loadRunData(run);
    if (!data.result) return { diagnostics: data.diagnostics };
    const files = writeSampleFigures(run.model, data.result.heldOut, {
      seed: options.seed ?? run.record.settings.seed,
      outDir: options.out ?? runPaths(runDir).figures,
      onProgress: options.onProgress,
    });
    return {
      result: { files: files.map((f) => path.normalize(f)) },
      diagnostics: data.diagnostics,
    };
  } finally {
    disposeModel(run.model);
  }
}
