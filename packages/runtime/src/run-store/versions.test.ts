import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAttackResults } from "../attack-pipeline/attack-results.js";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { disposeModel } from "../model/vae-model.js";
import { trainRun } from "../train/train-run.js";
import { runPaths } from "./layout.js";
import { readMetricsLog } from "./metrics-log.js";
import { openRun } from "./open-run.js";
import { trainedRunState } from "./run-state.js";

/*
 * Every file of a run names its format version and every reader checks it: a file of another
 * version is VAE547 naming the version found and the one expected, never a misread.
 */

const out = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-versions-"));
const ir = ladderIr({
  shape: [8, 8],
  layers: [2],
  hidden: [8],
  train: { batch: 8, heldOut: 16, checkpointEvery: 2, steps: 2 },
});
let runDir = "";

beforeAll(async () => {
  await tf.setBackend("cpu");
  const trained = await trainRun({ ir, specText: "", out, finalEvalExamples: 0 });
  runDir = trained.result!.runDir;
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

/** Rewrites a JSON file with `change` applied, runs `check`, then puts the file back. */
function withChanged(
  file: string,
  change: (value: Record<string, unknown>) => void,
  check: () => void,
) {
  const original = fs.readFileSync(file, "utf8");
  const value = JSON.parse(original) as Record<string, unknown>;
  change(value);
  fs.writeFileSync(file, JSON.stringify(value));
  try {
    check();
  } finally {
    fs.writeFileSync(file, original);
  }
}

function openCodes(): string[] {
  const opened = openRun(runDir);
  if (opened.result) disposeModel(opened.result.model);
  return opened.diagnostics.map((d) => `${d.code} ${d.message}`);
}

describe("format versions", () => {
  it("opens the run as written", () => {
    expect(openCodes()).toEqual([]);
    expect(trainedRunState(ir, out).kind).toBe("finished");
  });

  it.each([
    ["run.json", () => runPaths(runDir).record, "run record", 2],
    ["ir.json", () => runPaths(runDir).ir, "compiled IR", 1],
    ["latest.json", () => runPaths(runDir).latest, "checkpoint pointer", 1],
    [
      "manifest.json",
      () => path.join(runPaths(runDir).checkpoints, "step-000002", "manifest.json"),
      "checkpoint manifest",
      1,
    ],
  ])("refuses a %s of another version with VAE547", (_name, file, what, expected) => {
    withChanged(
      file(),
      (value) => (value.version = 99),
      () => {
        const [problem] = openCodes();
        expect(problem).toBe(
          `VAE547 \`${file()}\` is a ${what} of version 99; this vaec reads version ${expected}`,
        );
      },
    );
  });

  it("reports a run.json from before versions as an older one, and the run as unusable", () => {
    withChanged(
      runPaths(runDir).record,
      (value) => {
        delete value.format;
        delete value.version;
      },
      () => {
        expect(openCodes()[0]).toMatch(/VAE547 .* of no version \(an older vaec\)/);
        const state = trainedRunState(ir, out);
        expect(state.kind).toBe("unusable");
      },
    );
  });

  it("refuses a metrics log of another version", () => {
    const file = runPaths(runDir).metrics;
    const original = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, original.replace('"version":1', '"version":7'));
    try {
      const log = readMetricsLog(file);
      expect(log.records).toEqual([]);
      expect(log.diagnostics.map((d) => d.code)).toEqual(["VAE547"]);
      expect(log.diagnostics[0].message).toContain("metrics log of version 7");
    } finally {
      fs.writeFileSync(file, original);
    }
    expect(readMetricsLog(file).records.length).toBeGreaterThan(0);
  });

  it("refuses attack results of another version", () => {
    const dir = runPaths(runDir).attack;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, "results.json"),
      JSON.stringify({ format: "vaec-attack-results", version: 3, attacks: [] }),
    );
    const loaded = loadAttackResults(runDir);
    expect(loaded.result).toBeNull();
    expect(loaded.diagnostics[0].message).toContain(
      "attack results of version 3; this vaec reads version 1",
    );
    fs.rmSync(dir, { recursive: true });
  });

  it("says a newer version needs a newer vaec", () => {
    withChanged(
      runPaths(runDir).record,
      (value) => (value.version = 3),
      () => {
        const opened = openRun(runDir);
        expect(opened.diagnostics[0].help).toContain("newer vaec");
      },
    );
  });
});
