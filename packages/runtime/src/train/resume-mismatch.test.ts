import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { syntheticBinaryDataset } from "../../test-support/synthetic-data.js";
import { heldOutCount } from "../data/load-dataset.js";
import { splitDataset } from "../data/split.js";
import { readRunRecord } from "../run-store/run-record.js";
import { trainRun, type LoadData } from "./train-run.js";

/*
 * VAE543: `--resume` when the data behind the spec changed since the checkpoint (the same path,
 * another file), so the saved position in the shuffled order no longer means the same batches.
 * The run is refused before any step, and its checkpoint and record are left as they were.
 */

const out = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-resume-"));
beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const ir = ladderIr({
  layers: [3, 2],
  hidden: [8],
  train: { batch: 16, heldOut: 32, checkpointEvery: 2, steps: 8, seed: 1 },
});

/** A data loader standing for a file of `count` examples (what `loadDataset` would return). */
const dataOf =
  (count: number): LoadData =>
  (_source, _data, options) => ({
    result: splitDataset(
      syntheticBinaryDataset(count, 7),
      heldOutCount(options.heldOut, count),
      options.seed,
    ),
    diagnostics: [],
  });

describe("VAE543: resuming on different data", () => {
  it("refuses the resume, naming what changed, and keeps the run as it was", async () => {
    let steps = 0;
    const stopped = await trainRun({
      ir,
      specText: "",
      out,
      loadData: dataOf(160),
      finalEvalExamples: 0,
      shouldStop: () => steps >= 4,
      onStep: () => void steps++,
    });
    expect(stopped.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const runDir = stopped.result!.runDir;
    const record = readRunRecord(runDir).result;
    expect(record?.step).toBe(4);

    const resumed = await trainRun({
      ir,
      specText: "",
      out,
      loadData: dataOf(200),
      resume: true,
      finalEvalExamples: 0,
    });
    expect(resumed.result).toBeUndefined();
    expect(resumed.diagnostics).toHaveLength(1);
    expect(resumed.diagnostics[0]).toMatchObject({ code: "VAE543", severity: "error" });
    expect(resumed.diagnostics[0].message).toBe(
      "cannot resume: the training-set size was 128 and is now 168",
    );
    expect(readRunRecord(runDir).result).toEqual(record);

    // The same data resumes from the checkpoint and finishes the budget.
    const same = await trainRun({
      ir,
      specText: "",
      out,
      loadData: dataOf(160),
      resume: true,
      finalEvalExamples: 0,
    });
    expect(same.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(readRunRecord(runDir).result).toMatchObject({ status: "finished", step: 8 });
  });
});
