import path from "node:path";

/*
 * A run directory, <out>/<model>-<id8>/ (the id is the run identity's hash, run-identity.ts):
 *   run.json          the run record: identity, settings, status, every session (run-record.ts)
 *   run.lock          present while a process writes the run (run-lock.ts)
 *   spec.vae          the spec as trained
 *   ir.json           the compiled IR
 *   checkpoints/      step-NNNNNN/{manifest.json, weights.bin} and latest.json
 *   metrics.jsonl     a header line, then one JSON object per step (metrics-log.ts)
 *   figures/          PNGs written by `vaec sample`
 *   attack/           results.json, results.csv and the panels of the last `vaec attack`
 *   report.html       the run's report
 */

export interface RunPaths {
  dir: string;
  record: string;
  lock: string;
  spec: string;
  ir: string;
  checkpoints: string;
  latest: string;
  metrics: string;
  figures: string;
  attack: string;
  report: string;
}

export function runPaths(runDir: string): RunPaths {
  return {
    dir: runDir,
    record: path.join(runDir, "run.json"),
    lock: path.join(runDir, "run.lock"),
    spec: path.join(runDir, "spec.vae"),
    ir: path.join(runDir, "ir.json"),
    checkpoints: path.join(runDir, "checkpoints"),
    latest: path.join(runDir, "checkpoints", "latest.json"),
    metrics: path.join(runDir, "metrics.jsonl"),
    figures: path.join(runDir, "figures"),
    attack: path.join(runDir, "attack"),
    report: path.join(runDir, "report.html"),
  };
}

/** The folder name of a run: the model's name and the first 8 hex digits of its id. */
export function runDirName(model: string, id: string): string {
  return `${model}-${id.slice(0, 8)}`;
}
