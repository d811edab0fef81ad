/*
 * Metrics beyond the paper's Delta and log p(x_t | z*) (docs/objectives.md, docs/attacks.md):
 * AUDDC, downstream attack success, the robustness margin bound and MIG.
 */
export { auddc, type CurvePoint } from "./auddc.js";
export { mutualInformationGap, type MigFactor, type MigResult } from "./mig.js";
export {
  robustnessMargins,
  summarizeMargins,
  type MarginExample,
  type MarginOptions,
  type MarginSummary,
} from "./robustness-margin.js";
export { summarizeDownstream, type DownstreamSummary, type PairDownstream } from "./downstream.js";
export {
  computeModelMetrics,
  modelMetricsPath,
  readModelMetrics,
  type ModelMetrics,
  type ModelMetricsOptions,
} from "./model-metrics.js";
export { type DownstreamInfo } from "./run-metrics.js";
export { evaluateRunMetrics } from "./evaluate-run-metrics.js";
