import fs from "node:fs";
import path from "node:path";
import type * as tf from "@tensorflow/tfjs-core";
import type { VaeModel } from "../model/vae-model.js";
import { writeFileAtomic, writeJsonAtomic } from "../run-store/atomic-write.js";
import { writeFailure } from "../run-store/store-error.js";
import { storeFs } from "../run-store/store-fs.js";
import type { Optimizer } from "../train/optimizer.js";
import { readAllValues } from "../backend/webgpu/read-values.js";
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  LATEST_POINTER_FORMAT,
  checkpointDirName,
  type CheckpointManifest,
  type LatestPointer,
  type TrainingPosition,
  type WeightEntry,
} from "./checkpoint-format.js";

/** How many complete checkpoints to keep (older ones are removed once a newer one is in place). */
const KEEP = 2;

/**
 * Saves the model, optimizer state and position. The directory is built under a temp name and
 * renamed into place, then `latest.json` is replaced atomically, so a crash at any moment leaves
 * the previous checkpoint intact and `latest.json` pointing at a complete one. A failed write (a
 * full disk) removes the temp directory and throws a RunStoreError with its coded diagnostic.
 * The weights are read asynchronously and checked first: after a WebGPU error (WebGpuFault)
 * nothing is written, so the last good checkpoint stays the latest.
 */
export async function saveCheckpoint(
  checkpointsDir: string,
  model: VaeModel,
  optimizer: Optimizer,
  position: TrainingPosition,
): Promise<string> {
  const entries: Array<{ entry: WeightEntry; tensor: tf.Tensor }> = [];
  for (const [name, tensor] of model.params) {
    entries.push({
      entry: { name, shape: tensor.shape, dtype: "float32", group: "model" },
      tensor,
    });
  }
  for (const [name, tensor] of optimizer.state) {
    entries.push({
      entry: { name, shape: tensor.shape, dtype: "float32", group: "optimizer" },
      tensor,
    });
  }
  const total = entries.reduce((sum, e) => sum + e.tensor.size, 0);
  const buffer = new Float32Array(total);
  let offset = 0;
  const values = await readAllValues(entries.map((e) => e.tensor));
  values.forEach((v, i) => {
    buffer.set(v, offset);
    offset += entries[i].tensor.size;
  });
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    irHash: model.ir.hash,
    position,
    optimizer: { kind: optimizer.settings.kind, iterations: optimizer.iterations },
    weightsManifest: [{ paths: ["weights.bin"], weights: entries.map((e) => e.entry) }],
    savedAt: new Date().toISOString(),
  };
  const name = checkpointDirName(position.step);
  const finalDir = path.join(checkpointsDir, name);
  const tempDir = path.join(checkpointsDir, `.tmp-${name}-${process.pid}`);
  try {
    storeFs.mkdirSync(checkpointsDir);
    fs.rmSync(tempDir, { recursive: true, force: true });
    storeFs.mkdirSync(tempDir);
    writeFileAtomic(path.join(tempDir, "weights.bin"), new Uint8Array(buffer.buffer));
    writeJsonAtomic(path.join(tempDir, "manifest.json"), manifest);
    fs.rmSync(finalDir, { recursive: true, force: true });
    storeFs.renameSync(tempDir, finalDir);
  } catch (error) {
    fs.rmSync(tempDir, { recursive: true, force: true });
    throw writeFailure(finalDir, error);
  }
  const pointer: LatestPointer = {
    format: LATEST_POINTER_FORMAT,
    version: 1,
    step: position.step,
    directory: name,
  };
  writeFileAtomic(path.join(checkpointsDir, "latest.json"), JSON.stringify(pointer) + "\n");
  pruneCheckpoints(checkpointsDir, name);
  return finalDir;
}

function pruneCheckpoints(checkpointsDir: string, newest: string): void {
  const complete = fs
    .readdirSync(checkpointsDir)
    .filter((entry) => /^step-\d+$/.test(entry))
    .sort();
  const stale = complete
    .filter((entry) => entry !== newest)
    .slice(0, Math.max(0, complete.length - KEEP));
  for (const entry of stale)
    fs.rmSync(path.join(checkpointsDir, entry), { recursive: true, force: true });
  for (const entry of fs.readdirSync(checkpointsDir)) {
    if (entry.startsWith(".tmp-"))
      fs.rmSync(path.join(checkpointsDir, entry), { recursive: true, force: true });
  }
}
