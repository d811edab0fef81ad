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
  readAttackResults,
  type AttackResults,
  type AttackSummary,
  type KindResult,
  type PairResult,
} from "./attack-results.js";
export {
  ensureTrainedRun,
  trainedRunState,
  type EnsureTrainedResult,
  type RunState,
} from "./ensure-trained.js";
