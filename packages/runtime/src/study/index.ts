/*
 * Studies (docs/study.md): a Cartesian grid of points over specs, params and train settings;
 * each point trained, attacked and summarised in a small record by `runStudyPoint`, locally in
 * a process pool or elsewhere; statistics with bootstrap CIs and paired comparisons.
 */
export { expandGrid, product, axisValue, DEFAULT_MAX_POINTS } from "./expand-grid.js";
export type { ExpandOptions, StudyGrid, StudySpec } from "./expand-grid.js";
export type { StudyPoint } from "./study-point.js";
export { runStudyPoint } from "./run-point.js";
export type { PointOutcome, PointProgress, RunPointOptions } from "./run-point.js";
export {
  POINT_RECORD_FORMAT,
  pointRecordPath,
  readPointRecord,
  readAllPointRecords,
  writePointRecord,
  type PairRow,
  type PointRecord,
} from "./point-record.js";
export { pointState, describePointState, type PointState } from "./point-state.js";
export { runPointPool, type PoolOptions, type PoolResult, type RunningPool } from "./pool.js";
export type { StudyEvent } from "./study-events.js";
export {
  estimate,
  pairedDifference,
  meanOfSeedMeans,
  quantile,
  bootstrapReplicate,
  seededRandom,
  seedFromText,
  DEFAULT_REPLICATES,
  type Estimate,
  type PairedDifference,
  type SeedGroup,
} from "./statistics.js";
export {
  studyCells,
  pairedComparisons,
  longRows,
  ATTACK_METRICS,
  type Cell,
  type Comparison,
  type LongRow,
  type Metric,
} from "./study-table.js";
export {
  writeStudyReport,
  cellPlotSpec,
  pairRowsCsv,
  type StudyReportInput,
} from "./study-report.js";
export { renderStudyHtml, type StudyFailure, type StudyReportData } from "./study-html.js";
export {
  attackConvergence,
  convergenceOutcome,
  type ConvergenceOutcome,
  type ConvergenceRow,
} from "./attack-convergence.js";
export { heldOutCurvesSpec, heldOutCurveValues, type CurveValue } from "./held-out-curves.js";
export { claimVerdict, verdictCounts, type ClaimDirection, type ClaimVerdict } from "./claims.js";
export { modelRoles, type ModelRoles, type RoleModel, type RoleNames } from "./model-roles.js";
export { markdownTable } from "./markdown-table.js";
export { resultsMarkdown, type ResultsOptions } from "./results-tables.js";
