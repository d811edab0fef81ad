/*
 * A checkpoint is a directory `checkpoints/step-000300/` holding `manifest.json` (a tfjs-style
 * weights manifest plus the training position) and one binary `weights.bin` with every tensor,
 * float32 little-endian, in manifest order. `checkpoints/latest.json` names the newest complete one.
 * Both files carry a format name and version, checked on read (run-store/versions.ts).
 */

export const CHECKPOINT_FORMAT = "vaec-checkpoint";
export const CHECKPOINT_VERSION = 1;

export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: "float32";
  /** `model` for parameters, `optimizer` for optimizer state. */
  group: "model" | "optimizer";
}

export interface TrainingPosition {
  /** Updates applied so far; the next step to run. */
  step: number;
  epoch: number;
  /** Batches of `epoch` already consumed. */
  batchInEpoch: number;
  stepsPerEpoch: number;
  batch: number;
  trainSize: number;
  seed: number;
}

export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  irHash: string;
  position: TrainingPosition;
  optimizer: { kind: "adam" | "sgd"; iterations: number };
  /** Same shape as tfjs' `weightsManifest`: groups of weights stored in binary files. */
  weightsManifest: Array<{ paths: string[]; weights: WeightEntry[] }>;
  savedAt: string;
}

export const LATEST_POINTER_FORMAT = "vaec-checkpoint-pointer";

export interface LatestPointer {
  format: typeof LATEST_POINTER_FORMAT;
  version: 1;
  step: number;
  directory: string;
}

export function checkpointDirName(step: number): string {
  return `step-${String(step).padStart(6, "0")}`;
}
