import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVaec, vaecBin as bin } from "./vaec-cli.js";

/*
 * `vaec train / eval / sample / export` as subprocesses on a tiny spec (64x64 sprites, one small
 * latent layer, a TC penalty): run layout, determinism by seed, --resume after a stop, Ctrl-C,
 * evaluation, figures and the .npz export.
 */

const work = mkdtempSync(join(tmpdir(), "vaec-e2e-train-"));
const spec = join(work, "tiny.vae");

const SPEC = `# a tiny beta-TCVAE for the end-to-end tests
model Tiny {
  data   x : binary[64, 64]
  latent z : 4

  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[32])
  q(z | x) = Normal(mlp[32])

  penalize tc(z) with beta = 2, estimator = mss
}

train { data = sprites, batch = 16, steps = 30, checkpoint_every = 10, held_out = 64, iw_samples = 4,
        optimizer = adam(lr = 3e-3) }
`;

const vaec = (...args: string[]) => runVaec(work, ...args);

/** Runs `vaec ...args` and sends Ctrl-C as soon as training has started. */
function interrupted(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: work,
    env: { ...process.env, NO_COLOR: "1" },
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
    if (/run (\S+):/.test(stderr) && !child.killed) child.kill("SIGINT");
  });
  return new Promise((done) => child.on("exit", (code) => done({ code, stderr })));
}

/** Step records without the timing fields, which differ between runs. */
function losses(runDir: string): Array<Record<string, unknown>> {
  return readFileSync(join(runDir, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((r) => r.kind === "step")
    .map(({ time: _time, images_per_s: _rate, ...rest }) => rest);
}

let runDir = "";

beforeAll(async () => {
  writeFileSync(spec, SPEC);
  const ran = await vaec("train", spec, "--out", join(work, "a"));
  expect(ran.stderr).toContain("done: 30 steps");
  expect(ran.code).toBe(0);
  runDir = ran.stdout.trim();
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("vaec train", () => {
  it("writes the run directory: spec, IR, config, metrics, checkpoints", () => {
    expect(runDir).toMatch(/Tiny-[0-9a-f]{8}$/);
    for (const file of [
      "spec.vae",
      "ir.json",
      "run.json",
      "metrics.jsonl",
      "checkpoints/latest.json",
    ]) {
      expect(existsSync(join(runDir, file)), file).toBe(true);
    }
    expect(readFileSync(join(runDir, "spec.vae"), "utf8")).toBe(SPEC);
    expect(JSON.parse(readFileSync(join(runDir, "checkpoints/latest.json"), "utf8")).step).toBe(30);
    const manifest = JSON.parse(
      readFileSync(join(runDir, "checkpoints/step-000030/manifest.json"), "utf8"),
    );
    expect(manifest.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toContain(
      "q.z/dense0/kernel",
    );
    const records = losses(runDir);
    expect(records).toHaveLength(30);
    expect(Object.keys(records[0])).toEqual([
      "kind",
      "step",
      "epoch",
      "lr",
      "loss",
      "elbo",
      "loglik",
      "kl.z",
      "tc.z",
    ]);
  });

  it("gives the same losses for the same seed", async () => {
    const again = await vaec("train", spec, "--out", join(work, "b"));
    expect(again.code).toBe(0);
    expect(losses(again.stdout.trim())).toEqual(losses(runDir));
  });

  it("continues with --resume exactly as an uninterrupted run", async () => {
    const steps = ["--steps", "300"];
    const whole = await vaec("train", spec, "--out", join(work, "c-whole"), ...steps);
    expect(whole.code).toBe(0);
    const out = join(work, "c");
    const stopped = await interrupted("train", spec, "--out", out, ...steps);
    expect(stopped.code).toBe(1);
    const step = Number(/interrupted at step (\d+)/.exec(stopped.stderr)![1]);
    expect(step).toBeLessThan(300);
    const resumed = await vaec("train", spec, "--out", out, ...steps, "--resume");
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`from step ${step}`);
    expect(losses(resumed.stdout.trim())).toEqual(losses(whole.stdout.trim()));
  });

  it("reuses a finished run at the same settings instead of training it again", async () => {
    const again = await vaec("train", spec, "--out", join(work, "a"));
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(runDir);
    expect(again.stderr).toContain(`reusing ${runDir} (finished, 30/30 steps)`);
  });

  it("saves a checkpoint and stops cleanly on Ctrl-C", async () => {
    const out = join(work, "d");
    const child = spawn(process.execPath, [bin, "train", spec, "--out", out, "--steps", "100000"], {
      cwd: work,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    const code = await new Promise<number | null>((done) => {
      const timer = setInterval(() => {
        if (/run (\S+):/.test(stderr) && stderr.includes("train ")) {
          clearInterval(timer);
          child.kill("SIGINT");
        }
      }, 50);
      child.on("exit", (c) => {
        clearInterval(timer);
        done(c);
      });
    });
    expect(stderr).toMatch(/interrupted at step \d+; checkpoint saved/);
    expect(code).toBe(1);
    const dir = /run (\S+):/.exec(stderr)![1];
    const step = Number(/interrupted at step (\d+)/.exec(stderr)![1]);
    expect(JSON.parse(readFileSync(join(dir, "checkpoints/latest.json"), "utf8")).step).toBe(step);
  });

  it("rejects bad flags as usage errors", async () => {
    expect((await vaec("train", spec, "--steps", "0")).code).toBe(2);
    expect((await vaec("train", spec, "--data", "cifar")).code).toBe(2);
  });
});

describe("vaec eval / sample / export", () => {
  it("reports held-out ELBO, IWAE, KL and active units; --deterministic is reproducible", async () => {
    const ran = await vaec("eval", runDir, "--json", "--deterministic");
    expect(ran.code).toBe(0);
    const document = JSON.parse(ran.stdout);
    expect(document).toMatchObject({ ok: true, command: "eval" });
    const report = document.result;
    expect(report.examples).toBe(64);
    expect(report.step).toBe(30);
    expect(report.elbo).toBeLessThan(0);
    expect(report.elbo).toBeCloseTo(report.logLik - report.kl.z, 3);
    expect(report.activeUnits.z.dims).toBe(4);
    expect(report.iwSamples).toBe(4);
    // The text report of a second deterministic evaluation shows the same numbers.
    const text = await vaec("eval", runDir, "--deterministic");
    expect(text.stdout).toContain("IWAE bound (K = 4)");
    const shown = Number(/ELBO \(beta = 1\)\s+(\S+) nats\/image/.exec(text.stdout)![1]);
    expect(Math.abs(shown - report.elbo)).toBeLessThan(0.051);
  });

  it("fails with VAE541 on a folder that is not a run", async () => {
    const ran = await vaec("eval", work);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("VAE541");
  });

  it("writes PNG grids", async () => {
    const ran = await vaec("sample", runDir);
    expect(ran.code).toBe(0);
    for (const name of ["reconstructions.png", "samples.png", "traversal-z.png"]) {
      const file = join(runDir, "figures", name);
      expect(readFileSync(file).subarray(1, 4).toString()).toBe("PNG");
    }
  });

  it("exports an .npz that numpy loads, when numpy is there", async () => {
    const file = join(work, "tiny.npz");
    const ran = await vaec("export", runDir, "--format", "npz", "--out", file);
    expect(ran.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const probe = spawnSync("python3", ["-c", "import numpy"]);
    if (probe.status !== 0) return;
    const script =
      "import json, sys, numpy as np\n" +
      "w = np.load(sys.argv[1])\n" +
      "print(w['q.z/dense0/kernel'].shape, json.loads(w['ir.json'])['name'])\n";
    const loaded = spawnSync("python3", ["-c", script, file], { encoding: "utf8" });
    expect(loaded.stdout.trim()).toBe("(4096, 32) Tiny");
  });
});
