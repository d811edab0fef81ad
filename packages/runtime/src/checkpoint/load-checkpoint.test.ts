import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { createModel, disposeModel } from "../model/vae-model.js";
import { createOptimizer, disposeOptimizer } from "../train/optimizer.js";
import { readLatestCheckpoint, restoreCheckpoint } from "./load-checkpoint.js";
import { saveCheckpoint } from "./save-checkpoint.js";

/*
 * VAE542: a checkpoint that cannot be used for its run. A real checkpoint is written, then
 * damaged (a weights file cut short or gone) or read back into a model of another size; each is
 * refused with the file or tensor named, before any variable is touched.
 */

const dirs: string[] = [];
beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const ir = ladderIr({ layers: [3, 2], hidden: [8] });
const position = {
  step: 4,
  epoch: 0,
  batchInEpoch: 4,
  stepsPerEpoch: 8,
  batch: 16,
  trainSize: 128,
  seed: 1,
};

/** A checkpoint of a fresh model at step 4, and the path of its weights file. */
async function writeCheckpoint(): Promise<{ dir: string; weights: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-checkpoint-"));
  dirs.push(dir);
  const model = createModel(ir, 1);
  const optimizer = createOptimizer(ir.train.optimizer, model.params);
  const written = await saveCheckpoint(dir, model, optimizer, position);
  disposeModel(model);
  disposeOptimizer(optimizer);
  const { result } = readLatestCheckpoint(dir);
  const file = result!.manifest.weightsManifest[0].paths[0];
  return { dir, weights: path.join(written, file) };
}

describe("VAE542: a checkpoint that does not fit its run", () => {
  it("refuses a weights file cut short, saying how many bytes it has and needs", async () => {
    const { dir, weights } = await writeCheckpoint();
    const size = fs.statSync(weights).size;
    fs.truncateSync(weights, 1024);
    const read = readLatestCheckpoint(dir);
    expect(read.result).toBeUndefined();
    expect(read.diagnostics).toHaveLength(1);
    expect(read.diagnostics[0]).toMatchObject({ code: "VAE542", severity: "error" });
    expect(read.diagnostics[0].message).toBe(
      `checkpoint \`${weights}\` cannot be used: it has 1024 bytes, expected ${size}`,
    );
    expect(read.diagnostics[0].help).toContain("delete the run folder");
  });

  it("refuses a checkpoint whose weights file is gone", async () => {
    const { dir, weights } = await writeCheckpoint();
    fs.rmSync(weights);
    const [diagnostic] = readLatestCheckpoint(dir).diagnostics;
    expect(diagnostic.code).toBe("VAE542");
    expect(diagnostic.message).toContain("the file is missing");
  });

  it("refuses to restore into a model of another size, leaving its variables as they were", async () => {
    const { dir } = await writeCheckpoint();
    const wider = createModel(ladderIr({ layers: [3, 2], hidden: [12] }), 2);
    const name = "q.z1/dense0/kernel";
    const before = wider.params.get(name)!.dataSync().slice();
    const tensors = tf.memory().numTensors;
    const diagnostics = restoreCheckpoint(readLatestCheckpoint(dir).result!, wider);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].code).toBe("VAE542");
    expect(diagnostics[0].message).toMatch(/has \d+ values, the model needs \d+$/);
    expect(wider.params.get(name)!.dataSync()).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    disposeModel(wider);
  });

  it("restores a checkpoint that fits (the same model), with no diagnostic", async () => {
    const { dir } = await writeCheckpoint();
    const model = createModel(ir, 3);
    expect(restoreCheckpoint(readLatestCheckpoint(dir).result!, model)).toEqual([]);
    disposeModel(model);
  });
});
