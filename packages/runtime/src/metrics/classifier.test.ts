import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../backend/init-backend.js";
import { splitDataset } from "../data/split.js";
import { spritesDataset } from "../data/sprites.js";
import { classifierConfig, trainClassifier, CLASSIFIER_TRAINING } from "./classifier.js";
import { classifierKey, classifierFile, readCachedClassifier } from "./classifier-cache.js";
import { ensureClassifier } from "./downstream-classifier.js";
import { classesOf, classFactor } from "./factor-labels.js";

beforeAll(async () => {
  await initBackend({ backend: "wasm", env: { VAEC_WASM_THREADS: "0" } });
});

describe("the downstream classifier on sprites", () => {
  it("learns the shape: at least 95% right on clean held-out sprites, with no tensor left over", async () => {
    const split = splitDataset(spritesDataset([64, 64]), 500, 3);
    const before = tf.memory().numTensors;
    const runs = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-classifier-"));
    const first = await ensureClassifier(split, runs);
    const downstream = first.result!;
    expect(downstream.factor.name).toBe("shape");
    expect(downstream.factor.classNames).toEqual(["square", "ellipse", "heart"]);
    expect(downstream.cached).toBe(false);
    expect(downstream.heldOutAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(first.diagnostics).toEqual([]);
    // Trained on examples disjoint from the held-out split: a second call reads the cache.
    const second = (await ensureClassifier(split, runs)).result!;
    expect(second.cached).toBe(true);
    expect(second.file).toBe(downstream.file);
    expect(second.heldOutAccuracy).toBe(downstream.heldOutAccuracy);
    downstream.classifier.dispose();
    second.classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("keys the cache on the training data and reports a damaged file (VAE602)", () => {
    const data = spritesDataset([32, 32], 32);
    const factor = classFactor(data.labels)!;
    const indices = Array.from({ length: 64 }, (_, i) => i * 1009);
    const x = data.get(indices);
    const y = classesOf(data, factor, indices);
    const config = classifierConfig(data.shape, factor.classes);
    const key = classifierKey(config, CLASSIFIER_TRAINING, x, y);
    const flipped = Int32Array.from(y, (c) => (c + 1) % 3);
    expect(classifierKey(config, CLASSIFIER_TRAINING, x, flipped)).not.toBe(key);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-classifier-"));
    const file = classifierFile(dir, key);
    fs.writeFileSync(file, "{ not json");
    const read = readCachedClassifier(file, key);
    expect(read.classifier).toBeNull();
    expect(read.diagnostics.map((d) => d.code)).toEqual(["VAE602"]);
  });

  it("is seeded: the same data and seed give the same weights", async () => {
    const data = spritesDataset([32, 32], 32);
    const factor = classFactor(data.labels)!;
    const indices = Array.from({ length: 128 }, (_, i) => i * 5003);
    const x = data.get(indices);
    const y = classesOf(data, factor, indices);
    const config = classifierConfig(data.shape, factor.classes);
    const options = { ...CLASSIFIER_TRAINING, steps: 5 };
    const a = await trainClassifier(config, x, y, options);
    const b = await trainClassifier(config, x, y, options);
    expect(b.exportWeights()).toEqual(a.exportWeights());
    a.dispose();
    b.dispose();
  });
});
