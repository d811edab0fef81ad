import fs from "node:fs";
import path from "node:path";
import type { Diagnostic } from "@vaec/compiler";
import { disposeModel } from "../model/vae-model.js";
import { catchStoreError } from "../run-store/store-error.js";
import { writeFileAtomic } from "../run-store/atomic-write.js";
import { openRun } from "../run-store/open-run.js";
import { exportNpz } from "./export-npz.js";

/** `vaec export --format npz`: the latest checkpoint's weights and the IR in one .npz. */
export async function exportRun(
  runDir: string,
  options: { out?: string } = {},
): Promise<{ result?: { file: string; arrays: number }; diagnostics: Diagnostic[] }> {
  const opened = openRun(runDir);
  const run = opened.result;
  if (!run) return { diagnostics: opened.diagnostics };
  try {
    const file =
      options.out ??
      path.join(runDir, `${run.ir.name}-step${run.checkpoint.manifest.position.step}.npz`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const npz = await exportNpz(run.model);
    const written = catchStoreError(() => writeFileAtomic(file, npz));
    if (written.diagnostics.length > 0) return { diagnostics: written.diagnostics };
    return { result: { file, arrays: run.model.params.size }, diagnostics: [] };
  } finally {
    disposeModel(run.model);
  }
}
