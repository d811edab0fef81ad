import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { Diagnostic, ModelIR } from "@vaec/compiler";
import { readAndDispose } from "../backend/webgpu/read-values.js";
import type { AttackModelView } from "../attack/model-view.js";
import { latentValues } from "../attack/model-view.js";
import type { Dataset, DatasetSplit } from "../data/dataset.js";
import { writeJsonAtomic } from "../run-store/atomic-write.js";
import type { DownstreamClassifier } from "./downstream-classifier.js";
import { factorClasses } from "./factor-labels.js";
import { radiusTooSmall } from "./metrics-diagnostics.js";
import { mutualInformationGap, type MigFactor } from "./mig.js";
import { robustnessMargins, summarizeMargins, type MarginSummary } from "./robustness-margin.js";

/*
 * The per-model metrics that need no attack, from the run's held-out data: the robustness margin
 * bound (robustness-margin.ts), the MIG (mig.ts) and the downstream classifier's accuracy on
 * clean reconstructions. Written to <run>/model-metrics.json for the report and studies;
 * `vaec eval` recomputes them, `vaec attack` when the file is missing or from another checkpoint.
 */

export const MODEL_METRICS_FORMAT = "vaec-model-metrics";
export const MODEL_METRICS_VERSION = 1;

export interface ModelMetricsOptions {
  /** Held-out examples for the margin (default 200). */
  marginExamples?: number;
  /** Draws per example for p(||Delta|| <= r) (default 64). */
  marginSamples?: number;
  /** r; default half the median distance between consecutive held-out images. */
  marginRadius?: number;
  /** Held-out examples for MIG and the classifier's reconstruction accuracy (default 1000). */
  examples?: number;
  seed: number;
}

export interface ModelMetrics {
  format: typeof MODEL_METRICS_FORMAT;
  version: typeof MODEL_METRICS_VERSION;
  irHash: string;
  step: number;
  createdAt: string;
  /** The latent layers whose concatenated Gaussian is the encoder (IR.attack.layers). */
  layers: string[];
  margin: (MarginSummary & { radiusSource: "data" | "user" }) | null;
  mig: {
    mig: number | null;
    examples: number;
    bins: number;
    factors: Array<Omit<MigFactor, "information"> & { bestUnit: string }>;
  } | null;
  downstream: {
    factor: string;
    classNames: string[];
    trainedOn: number;
    /** Accuracy on clean held-out images. */
    heldOutAccuracy: number;
    /** Accuracy on the model's clean reconstructions of held-out images. */
    reconstructionAccuracy: number;
    examples: number;
    classifierFile: string;
  } | null;
}

export const modelMetricsPath = (runDir: string) => path.join(runDir, "model-metrics.json");

export async function computeModelMetrics(
  ir: ModelIR,
  step: number,
  view: AttackModelView,
  split: DatasetSplit,
  downstream: DownstreamClassifier | null,
  options: ModelMetricsOptions,
): Promise<{ result: ModelMetrics; diagnostics: Diagnostic[] }> {
  const heldOut = split.heldOut;
  const diagnostics: Diagnostic[] = [];
  const layers = ir.attack.layers;
  const examples = Math.min(heldOut.size, options.examples ?? 1000);
  const indices = Array.from({ length: examples }, (_, i) => i);
  const x = heldOut.get(indices);

  const marginCount = Math.min(examples, options.marginExamples ?? 200);
  const samples = options.marginSamples ?? 64;
  const radius = options.marginRadius ?? defaultRadius(heldOut, examples);
  let margin: ModelMetrics["margin"] = null;
  if (marginCount > 0 && radius > 0) {
    const perExample = await robustnessMargins(view, x.subarray(0, marginCount * heldOut.dim), {
      layers,
      radius,
      samples,
      seed: options.seed,
    });
    const summary = summarizeMargins(perExample, radius, samples);
    if (summary.robustFraction < 0.5)
      diagnostics.push(radiusTooSmall(radius, summary.robustFraction));
    margin = { ...summary, radiusSource: options.marginRadius === undefined ? "data" : "user" };
  }

  const { codes, dims, reconstructions } = await encodeMeans(view, x, layers);
  const units = layers.flatMap((name) =>
    Array.from(
      { length: view.latents.find((l) => l.name === name)!.dims },
      (_, k) => `${name}[${k}]`,
    ),
  );
  const factors = factorClasses(heldOut, indices);
  let mig: ModelMetrics["mig"] = null;
  if (factors) {
    const result = mutualInformationGap({
      codes,
      dims,
      factors: factors.classes,
      factorNames: factors.names,
    });
    mig = {
      mig: result.mig,
      examples: result.examples,
      bins: result.bins,
      factors: result.factors.map(({ information: _, ...f }) => ({
        ...f,
        bestUnit: units[f.best],
      })),
    };
  }

  let classifier: ModelMetrics["downstream"] = null;
  if (downstream) {
    const predicted = await downstream.classifier.predict(reconstructions);
    const right = predicted.filter((p, i) => p === downstream.heldOutClasses[i]).length;
    classifier = {
      factor: downstream.factor.name,
      classNames: downstream.factor.classNames,
      trainedOn: downstream.trainedOn,
      heldOutAccuracy: downstream.heldOutAccuracy,
      reconstructionAccuracy: examples > 0 ? right / examples : NaN,
      examples,
      classifierFile: downstream.file,
    };
  }
  return {
    result: {
      format: MODEL_METRICS_FORMAT,
      version: MODEL_METRICS_VERSION,
      irHash: ir.hash,
      step,
      createdAt: new Date().toISOString(),
      layers: [...layers],
      margin,
      mig,
      downstream: classifier,
    },
    diagnostics,
  };
}

/** Half the median distance between consecutive held-out images: a scale set by the data alone. */
export function defaultRadius(heldOut: Dataset, count: number): number {
  const n = Math.min(heldOut.size, count);
  if (n < 2) return 0;
  const x = heldOut.get(Array.from({ length: n }, (_, i) => i));
  const d = heldOut.dim;
  const distances: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (x[i * d + j] - x[(i + 1) * d + j]) ** 2;
    distances.push(Math.sqrt(s));
  }
  distances.sort((a, b) => a - b);
  const mid = distances.length / 2;
  const median =
    distances.length % 2 ? distances[Math.floor(mid)] : (distances[mid - 1] + distances[mid]) / 2;
  return median / 2;
}

/** The mean-path codes of `layers` (n x dims) and the clean reconstructions (n x D). */
async function encodeMeans(
  view: AttackModelView,
  x: Float32Array,
  layers: readonly string[],
  chunk = 250,
): Promise<{ codes: Float32Array; dims: number; reconstructions: Float32Array }> {
  const d = view.dataSize;
  const n = x.length / d;
  const dims = layers.reduce((s, name) => s + view.latents.find((l) => l.name === name)!.dims, 0);
  const codes = new Float32Array(n * dims);
  const reconstructions = new Float32Array(n * d);
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    const [means, recon] = await readAndDispose(
      tf.tidy(() => {
        const encoded = view.encode(
          tf.tensor2d(x.subarray(start * d, (start + rows) * d), [rows, d]),
          {
            kind: "mean",
          },
        );
        const picked = layers.map((name) => encoded.find((e) => e.layer === name)!.mean);
        return [
          picked.length === 1 ? picked[0] : tf.concat(picked, 1),
          view.reconstruct(latentValues(encoded)),
        ];
      }),
    );
    codes.set(means, start * dims);
    reconstructions.set(recon, start * d);
  }
  return { codes, dims, reconstructions };
}

export function writeModelMetrics(runDir: string, metrics: ModelMetrics): void {
  writeJsonAtomic(modelMetricsPath(runDir), metrics);
}

/** The run's model metrics, or null when there are none (or they are unreadable). */
export function readModelMetrics(runDir: string): ModelMetrics | null {
  const file = modelMetricsPath(runDir);
  if (!fs.existsSync(file)) return null;
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as ModelMetrics;
    return parsed.format === MODEL_METRICS_FORMAT && parsed.version === MODEL_METRICS_VERSION
      ? parsed
      : null;
  } catch {
    return null;
  }
}
