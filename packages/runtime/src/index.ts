export * from "./backend/index.js";
export {
  trainRun,
  type TrainRunOptions,
  type TrainRunResult,
  type TrainStart,
} from "./train/train-run.js";
export type { StepEvent, TrainOutcome } from "./train/train-loop.js";
export { evaluateRun, type RunEvalReport } from "./metrics/evaluate-run.js";
export { blobbedShapesNote } from "./eval/shape-recognition.js";
export {
  describeHealth,
  type HealthReport,
  type LayerHealth,
  type Convergence,
} from "./train/health.js";
export { learningRateAt, describeSchedule } from "./train/schedule.js";
export { sampleRun } from "./figures/sample-run.js";
export { renderAttackPanelSvg, type AttackPanel, type PanelRow } from "./figures/attack-panel.js";
export { exportRun } from "./export/export-run.js";
export * from "./data/index.js";
export * from "./attack/index.js";
export * from "./attack-pipeline/index.js";
export * from "./run-store/index.js";
export * from "./report/index.js";
export * from "./metrics/index.js";
export * from "./study/index.js";
export { createModel, disposeModel, type VaeModel } from "./model/vae-model.js";
export { attackModelView } from "./attack/vae-model-view.js";
