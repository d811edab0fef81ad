import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableDataset } from "../data/dataset.js";
import { permutation } from "../data/shuffle.js";
import { splitDataset } from "../data/split.js";
import { createRandom } from "../model/rng.js";
import { ACCURACY_FLOOR, ensureClassifier } from "./downstream-classifier.js";

/*
 * VAE603: a downstream classifier too weak to trust. The images are three noisy 8x8 prototypes
 * (bars across, bars down, a checkerboard); labelled by the prototype each was drawn from, the
 * classifier is nearly always right on the held-out images. Labelled in another order (labels
 * that do not belong to the images, the mistake the code's help names) it cannot beat chance,
 * and ensureClassifier says so.
 */

const count = 600;
const side = 8;
const random = createRandom(11);
const classes = Int32Array.from({ length: count }, () => Math.floor(random() * 3));
const prototypes = [
  (r: number, _c: number) => r % 2 === 0,
  (_r: number, c: number) => c % 2 === 0,
  (r: number, c: number) => (r + c) % 2 === 0,
];
const values = new Uint8Array(count * side * side);
for (let n = 0; n < count; n++)
  for (let p = 0; p < side * side; p++) {
    const on = prototypes[classes[n]](Math.floor(p / side), p % side) !== random() < 0.1;
    values[n * side * side + p] = on ? 1 : 0;
  }

/** The images, labelled with `labels` (one class per example) as the factor `shape`. */
function labelled(labels: Int32Array) {
  const all = tableDataset({
    name: "prototypes",
    values,
    count,
    shape: [side, side],
    kind: "binary",
    range: [0, 1],
    labels: {
      names: ["shape"],
      values: [[0, 1, 2]],
      get: (indices) => Float32Array.from(indices, (i) => labels[i]),
    },
  });
  return splitDataset(all, 200, 1);
}

const runs = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-downstream-"));
beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => fs.rmSync(runs, { recursive: true, force: true }));

describe("VAE603: a downstream classifier too weak to trust", () => {
  it("trusts a classifier of labels that belong to the images", async () => {
    const { result, diagnostics } = await ensureClassifier(labelled(classes), runs);
    expect(result!.heldOutAccuracy).toBeGreaterThan(0.95);
    expect(diagnostics).toEqual([]);
    result!.classifier.dispose();
  });

  it("flags one trained on labels in another order, which it cannot learn", async () => {
    const order = permutation(count, createRandom(12));
    const shuffled = Int32Array.from(order, (i) => classes[i]);
    const before = tf.memory().numTensors;
    const { result, diagnostics } = await ensureClassifier(labelled(shuffled), runs);
    const accuracy = result!.heldOutAccuracy;
    expect(accuracy).toBeLessThan(ACCURACY_FLOOR);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "VAE603", severity: "warning" });
    expect(diagnostics[0].message).toBe(
      `the downstream classifier of \`shape\` is right on only ${(100 * accuracy).toFixed(1)}% of the clean held-out images (below 80%)`,
    );
    result!.classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
