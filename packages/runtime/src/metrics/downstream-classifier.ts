import type { Diagnostic } from "@vaec/compiler";
import type { DatasetSplit } from "../data/dataset.js";
import { dataRandom, permutation } from "../data/shuffle.js";
import {
  Classifier,
  classifierConfig,
  trainClassifier,
  CLASSIFIER_TRAINING,
} from "./classifier.js";
import {
  classifierCacheDir,
  classifierFile,
  classifierKey,
  readCachedClassifier,
  writeCachedClassifier,
} from "./classifier-cache.js";
import { classesOf, classFactor, type ClassFactor } from "./factor-labels.js";
import { weakClassifier } from "./metrics-diagnostics.js";

/*
 * The downstream classifier of a run's data: trained on up to 4,000 labelled examples drawn by a
 * fixed seed from the whole data set, leaving out every example of the run's held-out split (so
 * it never saw an image it will judge), cached by content hash (classifier-cache.ts), and
 * checked on up to 1,000 clean held-out images.
 */

export const CLASSIFIER_EXAMPLES = 4000;
export const CHECK_EXAMPLES = 1000;
/** Below this accuracy on clean held-out images, attack success rates are flagged (VAE603). */
export const ACCURACY_FLOOR = 0.8;

export interface DownstreamClassifier {
  classifier: Classifier;
  factor: ClassFactor;
  /** The cache file. */
  file: string;
  /** True when it was read from the cache rather than trained now. */
  cached: boolean;
  trainedOn: number;
  /** Accuracy on the run's clean held-out images (the first CHECK_EXAMPLES). */
  heldOutAccuracy: number;
  /** The class of every held-out example. */
  heldOutClasses: Int32Array;
}

/** The classifier for `split`'s class factor; null (no diagnostic) when the data has none. */
export async function ensureClassifier(
  split: DatasetSplit,
  runsDir: string,
  options: { examples?: number } = {},
): Promise<{ result: DownstreamClassifier | null; diagnostics: Diagnostic[] }> {
  const factor = classFactor(split.all.labels);
  if (!factor) return { result: null, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const heldOut = new Set(split.heldOutIndices);
  const order = permutation(split.all.size, dataRandom(0, "downstream-classifier"));
  const wanted = Math.min(options.examples ?? CLASSIFIER_EXAMPLES, split.all.size - heldOut.size);
  const indices: number[] = [];
  for (let i = 0; i < order.length && indices.length < wanted; i++) {
    if (!heldOut.has(order[i])) indices.push(order[i]);
  }
  const x = split.all.get(indices);
  const y = classesOf(split.all, factor, indices);
  const config = classifierConfig(split.all.shape, factor.classes);
  const key = classifierKey(config, CLASSIFIER_TRAINING, x, y);
  const file = classifierFile(classifierCacheDir(runsDir), key);
  const read = readCachedClassifier(file, key);
  diagnostics.push(...read.diagnostics);
  let classifier = read.classifier;
  const cached = classifier !== null;
  if (!classifier) {
    classifier = await trainClassifier(config, x, y, CLASSIFIER_TRAINING);
    writeCachedClassifier(
      file,
      {
        key,
        factor: factor.name,
        classNames: factor.classNames,
        config,
        training: CLASSIFIER_TRAINING,
        trainedOn: indices.length,
      },
      classifier,
    );
  }
  const all = Array.from({ length: split.heldOut.size }, (_, i) => i);
  const heldOutClasses = classesOf(split.heldOut, factor, all);
  const checked = all.slice(0, CHECK_EXAMPLES);
  const predicted = await classifier.predict(split.heldOut.get(checked));
  const heldOutAccuracy =
    checked.length > 0
      ? predicted.filter((p, i) => p === heldOutClasses[i]).length / checked.length
      : NaN;
  if (heldOutAccuracy < ACCURACY_FLOOR) {
    diagnostics.push(weakClassifier(factor.name, heldOutAccuracy, ACCURACY_FLOOR));
  }
  return {
    result: {
      classifier,
      factor,
      file,
      cached,
      trainedOn: indices.length,
      heldOutAccuracy,
      heldOutClasses,
    },
    diagnostics,
  };
}
