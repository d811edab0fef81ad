import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { Diagnostic } from "@vaec/compiler";
import { readAndDispose } from "../backend/webgpu/read-values.js";
import type { AttackModelView } from "../attack/model-view.js";
import type { AttackRun } from "../attack/run-attack.js";
import type { DatasetSplit } from "../data/dataset.js";
import type { OpenedRun } from "../run-store/open-run.js";
import { auddc } from "./auddc.js";
import { ensureClassifier, type DownstreamClassifier } from "./downstream-classifier.js";
import { downstreamPairs, type PairDownstream } from "./downstream.js";
import { noLabels } from "./metrics-diagnostics.js";
import {
  computeModelMetrics,
  readModelMetrics,
  writeModelMetrics,
  type ModelMetrics,
  type ModelMetricsOptions,
} from "./model-metrics.js";
import { withNpzLabels } from "./npz-labels.js";

/*
 * The metrics of issue 14 wired to a run: the run's split with its labels (npz archives
 * included), the downstream classifier for it (cached beside the runs), the per-model metrics
 * file, and per attack the AUDDC and downstream predictions of every pair. attack-run.ts and
 * eval call these; everything here is additive to their own results.
 */

export interface RunMetricsContext {
  split: DatasetSplit;
  downstream: DownstreamClassifier | null;
  diagnostics: Diagnostic[];
  dispose(): void;
}

/** Labels attached, classifier ready (trained or read from the cache); warnings collected. */
export async function prepareRunMetrics(
  run: OpenedRun,
  data: DatasetSplit,
): Promise<RunMetricsContext> {
  const labelled = withNpzLabels(data, run.record.data.source, run.record.spec.dataRoot);
  const diagnostics = [...labelled.diagnostics];
  const split = labelled.split;
  const runsDir = path.dirname(path.resolve(run.runDir));
  const ensured = await ensureClassifier(split, runsDir);
  diagnostics.push(...ensured.diagnostics);
  const hasFactors = split.all.labels?.values !== undefined;
  if (!ensured.result && labelled.diagnostics.length === 0) {
    const missing = hasFactors ? "downstream attack success" : "downstream attack success and MIG";
    diagnostics.push(noLabels(split.all.name, missing));
  }
  return {
    split,
    downstream: ensured.result,
    diagnostics,
    dispose: () => ensured.result?.classifier.dispose(),
  };
}

/** Computes and writes <run>/model-metrics.json. */
export async function updateModelMetrics(
  run: OpenedRun,
  view: AttackModelView,
  context: RunMetricsContext,
  options: Partial<ModelMetricsOptions> = {},
): Promise<{ result: ModelMetrics; diagnostics: Diagnostic[] }> {
  const computed = await computeModelMetrics(
    run.ir,
    run.checkpoint.manifest.position.step,
    view,
    context.split,
    context.downstream,
    { seed: run.ir.attack.seed, ...options },
  );
  writeModelMetrics(run.runDir, computed.result);
  return computed;
}

/** The stored model metrics when they belong to this checkpoint; otherwise computed afresh. */
export async function ensureModelMetrics(
  run: OpenedRun,
  view: AttackModelView,
  context: RunMetricsContext,
): Promise<{ result: ModelMetrics; diagnostics: Diagnostic[] }> {
  const stored = readModelMetrics(run.runDir);
  const step = run.checkpoint.manifest.position.step;
  if (stored && stored.irHash === run.ir.hash && stored.step === step) {
    return { result: stored, diagnostics: [] };
  }
  return updateModelMetrics(run, view, context);
}

/** What each attacked pair gains: its AUDDC inputs and value, and the downstream predictions. */
export interface PairExtras {
  sourceTargetDistance: number;
  auddc: number | null;
  downstream?: PairDownstream;
}

/**
 * Per pair of one attack: ||x_t - x||, AUDDC from the kept curve and the baseline, and (with a
 * classifier) the predicted classes. `heldOutIndex` maps the attack's pairs to held-out indices.
 */
export async function attackPairExtras(
  view: AttackModelView,
  context: RunMetricsContext,
  sources: tf.Tensor2D,
  targets: tf.Tensor2D,
  attack: AttackRun,
  pairs: ReadonlyArray<{
    source: number;
    target: number;
    baseline: { l2ToTarget: number };
    curve: ReadonlyArray<{ distortion: number; l2ToTarget: number }>;
  }>,
): Promise<PairExtras[]> {
  const [sourceTarget] = await readAndDispose([
    tf.tidy(() => tf.sqrt(tf.sum(tf.square(tf.sub(targets, sources)), 1))),
  ]);
  const downstream = context.downstream;
  const predictions = downstream
    ? await downstreamPairs(view, downstream.classifier, sources, attack, {
        source: Int32Array.from(pairs, (p) => downstream.heldOutClasses[p.source]),
        target: Int32Array.from(pairs, (p) => downstream.heldOutClasses[p.target]),
      })
    : undefined;
  return pairs.map((p, i) => ({
    sourceTargetDistance: sourceTarget[i],
    auddc: auddc(p.curve, p.baseline.l2ToTarget, sourceTarget[i]),
    ...(predictions ? { downstream: predictions[i] } : {}),
  }));
}

/** What results.json records about the classifier that judged the attacks. */
export interface DownstreamInfo {
  factor: string;
  classNames: string[];
  /** Pairs were drawn with source and target of different classes. */
  differentClassPairs: boolean;
  classifier: { file: string; trainedOn: number; heldOutAccuracy: number };
}

export function downstreamInfo(
  context: RunMetricsContext,
  differentClassPairs: boolean,
): DownstreamInfo | undefined {
  const d = context.downstream;
  if (!d) return undefined;
  return {
    factor: d.factor.name,
    classNames: d.factor.classNames,
    differentClassPairs,
    classifier: { file: d.file, trainedOn: d.trainedOn, heldOutAccuracy: d.heldOutAccuracy },
  };
}
