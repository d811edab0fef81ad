export type {
  AttackModelView,
  EncodePath,
  EncodedLayer,
  GaussianLayer,
  LatentValues,
} from "./model-view.js";
export { latentValues } from "./model-view.js";
export {
  runAttack,
  type AttackOptimizer,
  type AttackRequest,
  type AttackRowStatus,
  type AttackRun,
} from "./run-attack.js";
export {
  attackMetrics,
  summarizePairs,
  type MetricsOptions,
  type PairSummary,
  type RowMetrics,
} from "./attack-metrics.js";
export { chooseLambda, type LambdaChoice } from "./choose-lambda.js";
export { lambdaGrid, DEFAULT_LAMBDA_GRID, type LambdaGridOptions } from "./lambda-grid.js";
export { lbfgsbBatch, lbfgsbRun, DEFAULT_LBFGSB, type LbfgsbOptions } from "./optim/lbfgsb.js";
export {
  projectedAdamBatch,
  projectedAdamRun,
  DEFAULT_ADAM,
  type ProjectedAdamOptions,
} from "./optim/projected-adam.js";
export type { BoxProblem, BoxResult, BoxStatus, BatchObjective } from "./optim/box-problem.js";
export type { BatchProgress } from "./optim/run-batch.js";
export { pickPairs, parsePairs, type AttackPair } from "./pick-pairs.js";
