import * as tf from "@tensorflow/tfjs-core";
import type { Diagnostic } from "@vaec/compiler";
import { evaluateModel } from "../eval/evaluate.js";
import { evaluateShapeRecognition } from "../eval/shape-recognition.js";
import { computeTraversals } from "../figures/traversals.js";
import { disposeModel } from "../model/vae-model.js";
import { loadRunData, openRun } from "../run-store/open-run.js";
import type { ReportEvaluation } from "./evaluation-section.js";
import { renderTraversalSvg } from "../figures/traversal-panel.js";

/*
 * The report sections that need the trained model: the held-out evaluation table and the
 * labelled traversals. Both are computed when the report is written, from the latest checkpoint
 * (one model load for the two), so they always describe the checkpoint the report is about.
 */

/** Held-out examples the report evaluates: enough for stable means, quick beside the attacks. */
export const REPORT_EVAL_EXAMPLES = 256;
/** Held-out images whose posterior means rank the traversed units. */
const TRAVERSAL_IMAGES = 16;

export async function collectModelSections(runDir: string): Promise<{
  evaluation?: ReportEvaluation;
  traversals?: Array<{ layer: string; svg: string }>;
  diagnostics: Diagnostic[];
}> {
  const opened = openRun(runDir);
  const run = opened.result;
  if (!run) return { diagnostics: opened.diagnostics };
  try {
    const data = loadRunData(run);
    const heldOut = data.result?.heldOut;
    if (!heldOut || heldOut.size === 0) return { diagnostics: data.diagnostics };
    const report = await evaluateModel(run.model, heldOut, {
      seed: run.record.settings.seed,
      iwSamples: run.ir.train.iwSamples,
      limit: REPORT_EVAL_EXAMPLES,
    });
    const evaluation: ReportEvaluation = {
      step: run.checkpoint.manifest.position.step,
      examples: report.examples,
      heldOut: heldOut.size,
      elbo: report.elbo,
      iwae: report.iwae,
      iwSamples: report.iwSamples,
      logLik: report.logLik,
      reconstructionError: report.reconstructionError,
      layers: run.ir.latents.map((l) => ({
        name: l.name,
        dims: l.dims,
        kl: report.kl[l.name],
        active: report.activeUnits[l.name].active,
      })),
      shapes: await evaluateShapeRecognition(run.model, heldOut, { limit: REPORT_EVAL_EXAMPLES }),
    };
    const count = Math.min(heldOut.size, TRAVERSAL_IMAGES);
    const indices = Array.from({ length: count }, (_, i) => i);
    const x = tf.tensor2d(heldOut.get(indices), [count, heldOut.dim]);
    const computed = await computeTraversals(run.model, x).finally(() => x.dispose());
    const traversals = computed.map((t) => ({
      layer: t.layer,
      svg: renderTraversalSvg(t, run.ir.data.shape, run.ir.data.range),
    }));
    return { evaluation, traversals, diagnostics: data.diagnostics };
  } finally {
    disposeModel(run.model);
  }
}
