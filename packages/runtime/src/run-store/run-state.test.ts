import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runPaths } from "./layout.js";
import { acquireRunLock } from "./run-lock.js";
import { writeRunRecord, type RunRecord } from "./run-record.js";
import { describeRunState, inspectRun, type RunState } from "./run-state.js";
import { planTraining } from "./train-session.js";
import { RUN_RECORD_FORMAT } from "./versions.js";

/* Where a run stands, from its record and lock, and what training does about it. */

const root = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-state-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;

function run(status: RunRecord["status"], step: number, totalSteps = 2000): string {
  const runDir = path.join(root, `My-${n++}`);
  fs.mkdirSync(path.join(runDir, "checkpoints"), { recursive: true });
  const record: RunRecord = {
    format: RUN_RECORD_FORMAT.name,
    version: RUN_RECORD_FORMAT.version,
    id: "a".repeat(64),
    model: "My",
    family: "VAE",
    irHash: "b".repeat(64),
    spec: {},
    data: { source: { kind: "sprites" }, identity: { kind: "sprites" } },
    settings: { seed: 0, batch: 16, heldOut: 32, trainSize: 100, stepsPerEpoch: 6, totalSteps },
    status,
    step,
    sessions: [],
    createdAt: "",
    updatedAt: "",
  };
  writeRunRecord(runDir, record);
  if (step > 0) fs.writeFileSync(runPaths(runDir).latest, "{}");
  return runDir;
}

const plan = (state: RunState, resume: boolean) => {
  const planned = planTraining(state, resume, "vaec train my.vae --steps 2000");
  return planned.plan ?? planned.diagnostics.map((d) => d.code).join();
};

describe("inspectRun and planTraining", () => {
  it("reuses a finished run, with or without --resume", () => {
    const state = inspectRun(run("finished", 2000), "a".repeat(64));
    expect(state).toMatchObject({ kind: "finished", step: 2000, totalSteps: 2000 });
    expect(describeRunState(state)).toBe("finished, 2000/2000 steps");
    expect([plan(state, false), plan(state, true)]).toEqual(["reuse", "reuse"]);
  });

  it("reads a `running` run whose process died as interrupted, resumed only with --resume", () => {
    const runDir = run("running", 479);
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    fs.writeFileSync(
      runPaths(runDir).lock,
      JSON.stringify({ pid: dead, host: os.hostname(), startedAt: "x", command: "vaec train" }),
    );
    const state = inspectRun(runDir);
    expect(state).toMatchObject({ kind: "partial", status: "interrupted", step: 479 });
    expect(describeRunState(state)).toBe("interrupted, 479/2000 steps");
    expect(plan(state, false)).toBe("VAE546");
    expect(plan(state, true)).toBe("resume");
  });

  it("names the live owner of a running run and refuses to train it", () => {
    const runDir = run("running", 50);
    const lock = acquireRunLock(runDir, "vaec train my.vae").result!;
    try {
      const state = inspectRun(runDir);
      expect(state).toMatchObject({ kind: "partial", status: "running" });
      expect(describeRunState(state)).toMatch(/^running in pid \d+ on .*, 50\/2000 steps$/);
      expect(plan(state, true)).toBe("VAE545");
      // The holder itself does not count as another owner.
      expect(inspectRun(runDir, undefined, lock)).not.toHaveProperty("owner");
    } finally {
      lock.release();
    }
  });

  it("starts over a run that stopped before its first checkpoint", () => {
    expect(plan(inspectRun(run("interrupted", 0)), false)).toBe("fresh");
  });

  it("lets --resume retry a diverged run, and says so without it", () => {
    const state = inspectRun(run("diverged", 300));
    const refused = planTraining(state, false, "vaec train my.vae");
    expect(refused.diagnostics[0].message).toMatch(/diverged at step 300 of 2000/);
    expect(plan(state, true)).toBe("resume");
  });

  it("refuses a folder holding another run (VAE551) or a damaged record (VAE548)", () => {
    expect(plan(inspectRun(run("finished", 2000), "c".repeat(64)), false)).toBe("VAE551");
    const damaged = run("finished", 2000);
    fs.writeFileSync(runPaths(damaged).record, "{ not json");
    expect(plan(inspectRun(damaged), false)).toBe("VAE548");
  });

  it("is missing for a folder with no record", () => {
    expect(inspectRun(path.join(root, "nothing"))).toMatchObject({ kind: "missing" });
  });
});
