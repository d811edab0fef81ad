/*
 * The run store: the only code that knows what a run directory holds (docs/runs.md).
 *
 * API for the rest of vaec (all exported from @vaec/runtime):
 * - `runIdentity(ir, { dataRoot })` -> { id (64 hex), dirName `<model>-<id8>`, irHash, data }:
 *   the id covers the store version, the compiled IR with every train setting, and the data's
 *   content digest. Compile `--steps/--epochs/--seed/--data` as `--set train.*`; there is no other
 *   override path.
 * - `trainedRunState(ir, out = "runs", { dataRoot })` -> RunState, cheap (no tfjs):
 *   `finished` {step, totalSteps, finish: {reason: "budget" | "early-stop"}},
 *   `partial` {step, totalSteps, status: running | interrupted | diverged, owner? (live lock)},
 *   `missing` {owner?}, `unusable` {diagnostics: VAE547 version / VAE548 damaged / VAE551}.
 *   Every variant has `runDir` and `id`. `describeRunState(state)` gives "finished, 1000/1000
 *   steps" for reuse messages. `inspectRun(runDir, id?)` is the same from a folder.
 * - `ensureTrainedRun(trainRunOptions)` -> { runDir, trained, before: RunState, train? }: reuses a
 *   finished run, resumes an unfinished one only with `resume: true` (else VAE546), trains
 *   otherwise; refuses with VAE545 while another process holds the run's lock. `trainRun` is
 *   the same call (`result.outcome` absent when reused).
 * - `attackRunDir(runDir, options)` takes the lock, attacks, writes versioned results and
 *   records the attack (settings digest) in run.json. `readAttackResults(runDir)` -> results or
 *   null (absent, damaged or another version); `loadAttackResults` also gives the diagnostics.
 * - `readRun(runDir)` -> { ir, record (run.json), state }; `openRun` adds the model at the latest
 *   checkpoint; `loadRunData(run)` splits the data as training did.
 * - `readRunRecord(runDir)`, `trainedRanges(record)`: the record and its train sessions' step
 *   ranges (the store's evidence that no step ran twice); `readMetrics(file)`, `runPaths(runDir)`.
 * - Writes go through `writeFileAtomic` / `appendMetrics`; a full disk is a RunStoreError with
 *   VAE549 (`catchStoreError` turns it into diagnostics).
 */

export { runPaths, runDirName, type RunPaths } from "./layout.js";
export {
  runIdentity,
  defaultDataRoot,
  type RunIdentity,
  type IdentityOptions,
} from "./run-identity.js";
export { dataIdentity, type DataIdentity } from "./data-identity.js";
export {
  readRunRecord,
  trainedRanges,
  type AttackSession,
  type FinishReason,
  type RunRecord,
  type RunSession,
  type RunSettings,
  type RunStatus,
  type TrainSession,
} from "./run-record.js";
export { inspectRun, trainedRunState, describeRunState, type RunState } from "./run-state.js";
export { acquireRunLock, lockHolder, type LockOwner, type RunLock } from "./run-lock.js";
export {
  readRun,
  openRun,
  loadRunData,
  heldOutSize,
  type OpenedRun,
  type RunSummary,
} from "./open-run.js";
export { appendMetrics, readMetrics, readMetricsLog, type MetricsRecord } from "./metrics-log.js";
export { writeFileAtomic, writeJsonAtomic } from "./atomic-write.js";
export { RunStoreError, catchStoreError } from "./store-error.js";
export { planTraining, type TrainPlan } from "./train-session.js";
export {
  RUN_STORE_VERSION,
  RUN_RECORD_FORMAT,
  METRICS_FORMAT,
  LATEST_FORMAT,
  CHECKPOINT_FILE_FORMAT,
  IR_FILE_FORMAT,
  RESULTS_FILE_FORMAT,
  type FileFormat,
} from "./versions.js";
