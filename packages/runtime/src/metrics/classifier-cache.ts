import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Diagnostic } from "@vaec/compiler";
import { writeJsonAtomic } from "../run-store/atomic-write.js";
import {
  Classifier,
  type ClassifierConfig,
  type NamedWeight,
  type TrainOptions,
} from "./classifier.js";
import { badClassifierCache } from "./metrics-diagnostics.js";

/*
 * Downstream classifiers cached by the content hash of what they were trained on: the network's
 * configuration, its training settings, the exact training images and their labels. Runs in the
 * same runs folder whose classifiers would be identical share one file,
 * <runs>/.classifiers/<hash16>.json, written atomically; a damaged file is reported (VAE602) and
 * replaced.
 */

export const CLASSIFIER_FORMAT = "vaec-classifier";
export const CLASSIFIER_VERSION = 1;

export interface ClassifierFile {
  format: typeof CLASSIFIER_FORMAT;
  version: typeof CLASSIFIER_VERSION;
  key: string;
  factor: string;
  classNames: string[];
  config: ClassifierConfig;
  training: TrainOptions;
  trainedOn: number;
  createdAt: string;
  weights: Array<{ name: string; shape: number[]; base64: string }>;
}

/** The folder of the cache for runs under `runsDir`. */
export const classifierCacheDir = (runsDir: string) => path.join(runsDir, ".classifiers");

/** sha256 over everything that decides the trained weights. */
export function classifierKey(
  config: ClassifierConfig,
  training: TrainOptions,
  x: Float32Array,
  y: Int32Array,
): string {
  const hash = crypto.createHash("sha256");
  hash.update(JSON.stringify({ CLASSIFIER_VERSION, config, training }));
  hash.update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  hash.update(new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
  return hash.digest("hex");
}

export const classifierFile = (dir: string, key: string) =>
  path.join(dir, `${key.slice(0, 16)}.json`);

/** The cached classifier for `key`: null when there is none or it is unusable (with VAE602). */
export function readCachedClassifier(
  file: string,
  key: string,
): { classifier: Classifier | null; diagnostics: Diagnostic[] } {
  if (!fs.existsSync(file)) return { classifier: null, diagnostics: [] };
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as ClassifierFile;
    if (parsed.format !== CLASSIFIER_FORMAT || parsed.version !== CLASSIFIER_VERSION) {
      throw new Error(`it is not a version ${CLASSIFIER_VERSION} vaec classifier`);
    }
    if (parsed.key !== key) throw new Error("it was trained on other data");
    const weights: NamedWeight[] = parsed.weights.map((w) => {
      const bytes = Buffer.from(w.base64, "base64");
      const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
      if (values.length !== w.shape.reduce((a, b) => a * b, 1)) {
        throw new Error(`weight \`${w.name}\` has ${values.length} values for shape [${w.shape}]`);
      }
      return { name: w.name, shape: w.shape, values };
    });
    return { classifier: Classifier.fromWeights(parsed.config, weights), diagnostics: [] };
  } catch (error) {
    return { classifier: null, diagnostics: [badClassifierCache(file, (error as Error).message)] };
  }
}

export function writeCachedClassifier(
  file: string,
  entry: Omit<ClassifierFile, "format" | "version" | "weights" | "createdAt">,
  classifier: Classifier,
): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const content: ClassifierFile = {
    format: CLASSIFIER_FORMAT,
    version: CLASSIFIER_VERSION,
    ...entry,
    createdAt: new Date().toISOString(),
    weights: classifier.exportWeights().map((w) => ({
      name: w.name,
      shape: w.shape,
      base64: Buffer.from(w.values.buffer, w.values.byteOffset, w.values.byteLength).toString(
        "base64",
      ),
    })),
  };
  writeJsonAtomic(file, content);
}
