import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { Diagnostic } from "@vaec/compiler";
import type { VaeModel } from "../model/vae-model.js";
import type { Optimizer } from "../train/optimizer.js";
import { readVersionedJson } from "../run-store/read-versioned.js";
import { CHECKPOINT_FILE_FORMAT, LATEST_FORMAT } from "../run-store/versions.js";
import { badCheckpoint, missingRun } from "../train/run-diagnostics.js";
import type { CheckpointManifest, LatestPointer } from "./checkpoint-format.js";

export interface LoadedCheckpoint {
  directory: string;
  manifest: CheckpointManifest;
  /** Every stored tensor's values, by name. */
  values: Map<string, Float32Array>;
}

type Loaded = { result?: LoadedCheckpoint; diagnostics: Diagnostic[] };

/** Reads the checkpoint `latest.json` points at; `result` is absent (no diagnostics) when there is none. */
export function readLatestCheckpoint(checkpointsDir: string): Loaded {
  const pointerFile = path.join(checkpointsDir, "latest.json");
  if (!fs.existsSync(pointerFile)) return { diagnostics: [] };
  const pointer = readVersionedJson<LatestPointer>(pointerFile, LATEST_FORMAT);
  if (!pointer.result) return { diagnostics: pointer.diagnostics };
  return readCheckpoint(path.join(checkpointsDir, pointer.result.directory));
}

export function readCheckpoint(directory: string): Loaded {
  const manifestFile = path.join(directory, "manifest.json");
  if (!fs.existsSync(manifestFile))
    return { diagnostics: [missingRun(directory, "checkpoint manifest")] };
  const read = readVersionedJson<CheckpointManifest>(manifestFile, CHECKPOINT_FILE_FORMAT);
  const manifest = read.result;
  if (!manifest) return { diagnostics: read.diagnostics };
  const values = new Map<string, Float32Array>();
  for (const group of manifest.weightsManifest) {
    const binFile = path.join(directory, group.paths[0]);
    if (!fs.existsSync(binFile))
      return { diagnostics: [badCheckpoint(binFile, "the file is missing")] };
    const bytes = fs.readFileSync(binFile);
    const expected =
      group.weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0) * 4;
    if (bytes.byteLength !== expected) {
      return {
        diagnostics: [
          badCheckpoint(binFile, `it has ${bytes.byteLength} bytes, expected ${expected}`),
        ],
      };
    }
    const all = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    let offset = 0;
    for (const weight of group.weights) {
      const size = weight.shape.reduce((a, b) => a * b, 1);
      values.set(weight.name, all.subarray(offset, offset + size));
      offset += size;
    }
  }
  return { result: { directory, manifest, values }, diagnostics: [] };
}

/** Copies the checkpoint's values into the model's variables (and the optimizer's, when given). */
export function restoreCheckpoint(
  checkpoint: LoadedCheckpoint,
  model: VaeModel,
  optimizer?: Optimizer,
): Diagnostic[] {
  const targets = [...model.params, ...(optimizer ? optimizer.state : [])];
  for (const [name, variable] of targets) {
    const value = checkpoint.values.get(name);
    if (!value) return [badCheckpoint(checkpoint.directory, `it has no tensor \`${name}\``)];
    if (value.length !== variable.size) {
      return [
        badCheckpoint(
          checkpoint.directory,
          `\`${name}\` has ${value.length} values, the model needs ${variable.size}`,
        ),
      ];
    }
  }
  for (const [name, variable] of targets) {
    const value = tf.tensor(checkpoint.values.get(name) as Float32Array, variable.shape, "float32");
    variable.assign(value);
    value.dispose();
  }
  if (optimizer) optimizer.iterations = checkpoint.manifest.optimizer.iterations;
  return [];
}
