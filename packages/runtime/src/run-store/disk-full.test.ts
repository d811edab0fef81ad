import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { trainRun } from "../train/train-run.js";
import { writeFileAtomic } from "./atomic-write.js";
import { appendMetrics, createMetrics, readMetrics } from "./metrics-log.js";
import { readRunRecord } from "./run-record.js";
import { RunStoreError } from "./store-error.js";
import { storeFs } from "./store-fs.js";

/*
 * A full disk (ENOSPC; also EDQUOT and EROFS) while the store writes: a coded VAE549, no temp
 * file left, no half line in metrics.jsonl, earlier checkpoints intact. The failure is injected
 * through the store's fs seam, the way the kernel reports it (an errno on write).
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-disk-full-"));
beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const errno = (code: string) =>
  Object.assign(new Error(`${code}: simulated, write`), { code, errno: -28, syscall: "write" });

/** Makes writes fail with `code` after `allow` more bytes have reached the disk. */
function diskFillsAfter(allow: number, code = "ENOSPC"): void {
  let left = allow;
  const real = storeFs.writeSync;
  vi.spyOn(storeFs, "writeSync").mockImplementation((fd, data, offset, length) => {
    if (left <= 0) throw errno(code);
    const n = real(fd, data, offset, Math.min(length, left));
    left -= n;
    return n;
  });
}

function caught(work: () => void): RunStoreError {
  try {
    work();
  } catch (error) {
    if (error instanceof RunStoreError) return error;
    throw error;
  }
  throw new Error("expected a RunStoreError");
}

describe("a full disk", () => {
  it("fails an atomic write with VAE549, keeps the old file and removes the temp file", () => {
    const file = path.join(dir, "results.json");
    fs.writeFileSync(file, "old\n");
    diskFillsAfter(3);
    const error = caught(() => writeFileAtomic(file, "a longer new content\n"));
    expect(error.diagnostic.code).toBe("VAE549");
    expect(error.diagnostic.message).toBe(`cannot write \`${file}\`: the disk is full`);
    expect(fs.readFileSync(file, "utf8")).toBe("old\n");
    expect(fs.readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it.each([
    ["EDQUOT", "the disk quota is used up"],
    ["EROFS", "the file system is read-only"],
  ])("reports %s the same way", (code, words) => {
    diskFillsAfter(0, code);
    const error = caught(() => writeFileAtomic(path.join(dir, "x.json"), "{}"));
    expect(error.diagnostic.code).toBe("VAE549");
    expect(error.diagnostic.message).toContain(words);
  });

  it("never leaves part of a metrics line", () => {
    const file = path.join(dir, "metrics.jsonl");
    createMetrics(file);
    appendMetrics(file, { kind: "step", step: 1, loss: 1.5 });
    const before = fs.readFileSync(file, "utf8");
    diskFillsAfter(10);
    const error = caught(() => appendMetrics(file, { kind: "step", step: 2, loss: 1.25 }));
    expect(error.diagnostic.code).toBe("VAE549");
    expect(fs.readFileSync(file, "utf8")).toBe(before);
    expect(readMetrics(file)).toEqual([{ kind: "step", step: 1, loss: 1.5 }]);
  });

  it("readers ignore a cut last line written some other way", () => {
    const file = path.join(dir, "cut.jsonl");
    createMetrics(file);
    appendMetrics(file, { kind: "step", step: 1 });
    fs.appendFileSync(file, '{"kind":"step","st');
    expect(readMetrics(file)).toEqual([{ kind: "step", step: 1 }]);
  });

  it("stops training with VAE549 mid-checkpoint, keeping the earlier checkpoint and releasing the lock", async () => {
    const ir = ladderIr({
      shape: [8, 8],
      layers: [2],
      hidden: [8],
      train: { batch: 8, heldOut: 16, checkpointEvery: 3, steps: 9 },
    });
    const out = path.join(dir, "runs");
    // Let everything through until the second checkpoint's weights.
    const real = storeFs.openSync;
    let failing = false;
    vi.spyOn(storeFs, "openSync").mockImplementation((file, flags) => {
      if (failing && String(file).includes("weights.bin")) throw errno("ENOSPC");
      return real(file, flags);
    });
    const trained = await trainRun({
      ir,
      specText: "",
      out,
      finalEvalExamples: 0,
      onCheckpoint: (step) => (failing = step === 3),
    });
    expect(trained.diagnostics.map((d) => d.code)).toEqual(["VAE549"]);
    expect(trained.diagnostics[0].message).toMatch(/step-000006.*the disk is full/);
    const runDir = path.join(out, fs.readdirSync(out)[0]);
    const checkpoints = fs.readdirSync(path.join(runDir, "checkpoints")).sort();
    expect(checkpoints).toEqual(["latest.json", "step-000003"]);
    expect(fs.existsSync(path.join(runDir, "run.lock"))).toBe(false);
    const record = readRunRecord(runDir).result!;
    expect(record.status).toBe("interrupted");
    expect(record.sessions.at(-1)).toMatchObject({ outcome: "failed", fromStep: 0, toStep: 3 });
    // Every metrics line is whole.
    const lines = fs.readFileSync(path.join(runDir, "metrics.jsonl"), "utf8");
    expect(lines.endsWith("\n")).toBe(true);
    for (const line of lines.trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
  });
});
