import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ModelIR } from "@vaec/compiler";
import { afterAll, describe, expect, it } from "vitest";
import { trainedRunState } from "./ensure-trained.js";

const out = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-runs-"));
// Only the name and hash name a run directory.
const ir = { name: "M", hash: "0123456789abcdef" } as ModelIR;
const runDir = path.join(out, "M-01234567");

function writeRun(totalSteps: number, latestStep: number | null): void {
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(runDir, "checkpoints"), { recursive: true });
  fs.writeFileSync(path.join(runDir, "run.json"), JSON.stringify({ totalSteps }));
  if (latestStep !== null) {
    fs.writeFileSync(
      path.join(runDir, "checkpoints", "latest.json"),
      JSON.stringify({ step: latestStep, directory: `step-${latestStep}` }),
    );
  }
}

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe("trainedRunState", () => {
  it("is missing with no run directory or no checkpoint", () => {
    expect(trainedRunState(ir, out)).toEqual({ kind: "missing", runDir });
    writeRun(30, null);
    expect(trainedRunState(ir, out).kind).toBe("missing");
  });

  it("is partial before the run's step count and finished at it", () => {
    writeRun(30, 20);
    expect(trainedRunState(ir, out)).toEqual({ kind: "partial", runDir, step: 20, totalSteps: 30 });
    writeRun(30, 30);
    expect(trainedRunState(ir, out)).toEqual({ kind: "finished", runDir, step: 30 });
  });

  it("names seed or data overrides apart, as training does", () => {
    expect(trainedRunState(ir, out, { seed: 3 }).runDir).not.toBe(runDir);
  });
});
