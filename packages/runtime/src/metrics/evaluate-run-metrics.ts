import type { Diagnostic } from "@vaec/compiler";
import type { DatasetSplit } from "../data/dataset.js";
import { attackModelView } from "../attack/vae-model-view.js";
import type { OpenedRun } from "../run-store/open-run.js";
import type { ModelMetrics, ModelMetricsOptions } from "./model-metrics.js";
import { prepareRunMetrics, updateModelMetrics } from "./run-metrics.js";

/**
 * `vaec eval`'s part of the metrics: the robustness margin, MIG and the downstream classifier's
 * accuracy on clean reconstructions of an opened run's held-out data, written to
 * <run>/model-metrics.json and returned for the printed report.
 */
export async function evaluateRunMetrics(
  run: OpenedRun,
  data: DatasetSplit,
  options: Partial<ModelMetricsOptions> = {},
): Promise<{ result: ModelMetrics; diagnostics: Diagnostic[] }> {
  const context = await prepareRunMetrics(run, data);
  try {
    const computed = await updateModelMetrics(run, attackModelView(run.model), context, options);
    return {
      result: computed.result,
      diagnostics: [...context.diagnostics, ...computed.diagnostics],
    };
  } finally {
    context.dispose();
  }
}
