import type { PairResult } from "../attack-pipeline/attack-results.js";
import { readModelMetrics } from "../metrics/model-metrics.js";

/*
 * What a study's point record takes from this module: per run, the attack-free metrics as
 * numbers beside the held-out ELBO (`PointRecord.eval`), and per attacked pair its AUDDC and
 * whether the attack succeeded downstream (`PairRow`), so the study's bootstrap gives each a mean
 * and a 95% CI over seeds and pairs like Delta's.
 */

/** The keys added to a point record's `eval`, with how the study report names them. */
export const MODEL_METRIC_KEYS: Record<string, { title: string; better: string }> = {
  margin: {
    title: "robustness margin bound (Camuto et al.), mean over held-out examples",
    better: "higher is more robust",
  },
  marginScale: {
    title: "min sigma / ||J_mu||_F (the margin per unit of Phi^-1(p))",
    better: "higher is more robust",
  },
  mig: { title: "MIG (Chen et al. 2018)", better: "higher is more disentangled" },
  reconstructionAccuracy: {
    title: "downstream classifier accuracy on clean reconstructions",
    better: "higher: reconstructions keep the class",
  },
};

/** The run's model metrics as `eval` numbers (none when the run has no model-metrics.json). */
export function modelMetricValues(runDir: string): Record<string, number> {
  const m = readModelMetrics(runDir);
  const out: Record<string, number> = {};
  if (!m) return out;
  if (m.margin) {
    out.margin = m.margin.mean;
    out.marginScale = m.margin.scale;
  }
  if (typeof m.mig?.mig === "number") out.mig = m.mig.mig;
  if (m.downstream) out.reconstructionAccuracy = m.downstream.reconstructionAccuracy;
  return out;
}

/** A pair's AUDDC and downstream success (1 or 0; null for a same-class or unjudged pair). */
export function pairMetricValues(pair: PairResult): {
  auddc: number | null;
  downstreamSuccess: number | null;
} {
  const d = pair.downstream;
  return {
    auddc: pair.auddc ?? null,
    downstreamSuccess:
      d && d.sourceClass !== d.targetClass
        ? Number(d.predictions[pair.chosenIndex] === d.targetClass)
        : null,
  };
}
