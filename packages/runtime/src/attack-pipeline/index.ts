export {
  attackRunDir,
  formatLambda,
  KIND_TITLES,
  type AttackProgress,
  type AttackRunOptions,
  type AttackRunResult,
  type AttackStart,
} from "./attack-run.js";
export {
  attackPaths,
  loadAttackResults,
  readAttackResults,
  type AttackResults,
  type AttackSummary,
  type KindResult,
  type PairResult,
} from "./attack-results.js";
export { ensureTrainedRun, type EnsureTrainedResult } from "./ensure-trained.js";
