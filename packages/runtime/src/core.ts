/*
 * The runtime's platform-free core: what runs wherever tfjs-core runs, a browser included.
 * Every module reached from here is free of Node: no `node:` imports, no `process`, no files
 * (eslint.config.js lists them; core.test.ts bundles this entry for the browser and fails on
 * any Node built-in). The Node adapters (backends, files, checkpoints, threads, run store,
 * pipelines) stay behind the package's main entry. The caller picks and registers a tfjs
 * backend itself (webgl, webgpu, wasm or cpu in a browser).
 */
export { createModel, disposeModel, type VaeModel } from "./model/vae-model.js";
export { attackModelView } from "./attack/vae-model-view.js";
export {
  computeObjective,
  termNames,
  termsToVector,
  type ObjectiveOptions,
  type ObjectiveTerms,
} from "./losses/objective.js";
export { seededNoise, zeroNoise, type Noise } from "./losses/noise.js";
export { samplePrior } from "./losses/sample-prior.js";
export { createOptimizer, disposeOptimizer, type Optimizer } from "./train/optimizer.js";
export { trainStep, type StepResult } from "./train/train-step.js";
export { learningRateAt } from "./train/schedule.js";
export { spritesDataset } from "./data/sprites.js";
export type { Dataset, Labels } from "./data/dataset.js";
export { latentValues, type AttackModelView } from "./attack/model-view.js";
export {
  runAttack,
  type AttackOptimizer,
  type AttackRequest,
  type AttackRun,
} from "./attack/run-attack.js";
export { attackMetrics, type RowMetrics } from "./attack/attack-metrics.js";
export { chooseLambda, type LambdaChoice } from "./attack/choose-lambda.js";
export { lambdaGrid, DEFAULT_LAMBDA_GRID } from "./attack/lambda-grid.js";
export { pickPairs, type AttackPair } from "./attack/pick-pairs.js";
