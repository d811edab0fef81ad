import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVaec, vaecBin as bin } from "./vaec-cli.js";

/*
 * Learning-rate schedules, early stopping and the health checks through the CLI on real
 * sprites with tiny models: a run that stops early is finished in run.json, a scheduled run
 * interrupted with Ctrl-C resumes exactly, a collapsed layer is named, and `vaec eval` on NaN
 * weights is a coded error with exit status 1.
 */

const work = mkdtempSync(join(tmpdir(), "vaec-e2e-schedules-"));
const vaec = (...args: string[]) => runVaec(work, ...args);

const tiny = (train: string) => `model Tiny {
  data   x : binary[64, 64]
  latent z : 4

  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[32])
  q(z | x) = Normal(mlp[32])
}

train {
  data = sprites, batch = 16, held_out = 48, checkpoint_every = 50
  optimizer = adam(lr = 3e-3)
  ${train}
}
`;

const DEEP = `model Deep {
  data   x  : binary[64, 64]
  latent z1 : 4
  latent z2 : 2

  p(z2)         = Normal(0, 1)
  p(z1 | z2)    = Normal(mlp[16])
  p(x | z1, z2) = Bernoulli(mlp[32])
  q(z1 | x)     = Normal(mlp[32])
  q(z2 | z1, x) = Normal(mlp[16])

  # a KL beta this large pushes q(z2 | ...) onto its prior: the layer collapses
  penalize kl(z2) with beta = 200
}

train { data = sprites, batch = 16, steps = 60, held_out = 48, optimizer = adam(lr = 3e-3) }
`;

const file = (name: string, text: string) => {
  writeFileSync(join(work, name), text);
  return join(work, name);
};
const records = (runDir: string) =>
  readFileSync(join(runDir, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const steps = (runDir: string) =>
  records(runDir)
    .filter((r) => r.kind === "step")
    .map(({ time: _time, images_per_s: _rate, ...rest }) => rest);

/** `vaec ...args`, sent SIGINT as soon as training has started. */
function interrupted(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: work,
    env: { ...process.env, NO_COLOR: "1" },
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
    if (/train \d+\/\d+/.test(stderr) && !child.killed) child.kill("SIGINT");
  });
  return new Promise((done) => child.on("exit", (code) => done({ code, stderr })));
}

beforeAll(() => {
  file("deep.vae", DEEP);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("vaec train with a schedule and early stopping", () => {
  it("stops early, logs lr and the held-out curve, and records the run as finished", async () => {
    // No evaluation can beat the first by 1e9 nats: it stops at the second, step 20 of 400.
    const spec = file(
      "early.vae",
      tiny(`steps = 400
  schedule = cosine(warmup = 10, min_lr = 1e-5)
  early_stop = heldout(every = 10, patience = 1, min_delta = 1e9)`),
    );
    const ran = await vaec("train", spec, "--out", join(work, "early"));
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain(
      "done: stopped early at step 20: held-out ELBO did not improve by more than 1000000000 for 1 evaluations",
    );
    expect(ran.stderr).toContain("health: no collapsed layer");
    const runDir = ran.stdout.trim();
    const record = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    expect(record.status).toBe("finished");
    expect(record.finish).toMatchObject({ reason: "early-stop", step: 20 });
    const logged = records(runDir);
    expect(logged.filter((r) => r.kind === "held-out").map((r) => r.step)).toEqual([10, 20]);
    const lrs = logged.filter((r) => r.kind === "step").map((r) => r.lr as number);
    expect(lrs).toHaveLength(20);
    expect(lrs[0]).toBeCloseTo(3e-4, 12);
    expect(lrs[9]).toBeCloseTo(3e-3, 12);
    expect(lrs[19]).toBeLessThan(3e-3);
    // A finished run is reused as it is, early stop included.
    const again = await vaec("train", spec, "--out", join(work, "early"));
    expect(again.stderr).toContain(`reusing ${runDir}`);
  });

  it("resumes a scheduled run after Ctrl-C exactly as the uninterrupted one", async () => {
    const spec = file(
      "cosine.vae",
      tiny(`steps = 300
  schedule = cosine(warmup = 20, min_lr = 1e-5)
  early_stop = heldout(every = 25, patience = 50)`),
    );
    const whole = await vaec("train", spec, "--out", join(work, "whole"));
    expect(whole.code).toBe(0);
    const out = join(work, "cut");
    const stopped = await interrupted("train", spec, "--out", out);
    expect(stopped.code).toBe(1);
    const step = Number(/interrupted at step (\d+)/.exec(stopped.stderr)![1]);
    expect(step).toBeLessThan(300);
    const resumed = await vaec("train", spec, "--out", out, "--resume");
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`from step ${step}`);
    const [a, b] = [resumed.stdout.trim(), whole.stdout.trim()];
    expect(steps(a)).toEqual(steps(b));
    const curve = (dir: string) => records(dir).filter((r) => r.kind === "held-out");
    expect(curve(a)).toEqual(curve(b));
  });

  it("clips the gradient to `clip_norm`, logging its norm before clipping", async () => {
    const clipped = (clip: string) =>
      file(
        `clip-${clip}.vae`,
        tiny(`steps = 30`).replace("adam(lr = 3e-3)", `adam(lr = 3e-3, clip_norm = ${clip})`),
      );
    const loose = await vaec("train", clipped("1e9"), "--out", join(work, "clip"));
    const plain = await vaec(
      "train",
      file("plain.vae", tiny("steps = 30")),
      "--out",
      join(work, "clip"),
    );
    const tight = await vaec("train", clipped("1"), "--out", join(work, "clip"));
    for (const ran of [loose, plain, tight]) expect(ran.code).toBe(0);
    expect(tight.stderr).toMatch(/\| grad norm \d/);
    const norms = (dir: string) => steps(dir.trim()).map((r) => r.grad_norm as number);
    expect(norms(loose.stdout).every((n) => n > 1)).toBe(true);
    // A bound no gradient reaches changes nothing; one every gradient exceeds changes the run.
    const terms = (dir: string) => steps(dir.trim()).map(({ grad_norm: _norm, ...rest }) => rest);
    expect(terms(loose.stdout)).toEqual(terms(plain.stdout));
    expect(norms(plain.stdout).every((n) => n === undefined)).toBe(true);
    expect(terms(tight.stdout).at(-1)).not.toEqual(terms(plain.stdout).at(-1));
  });

  it("rejects a schedule that cannot be, with its code", async () => {
    const spec = file("bad.vae", tiny("steps = 10, schedule = cosine(min_lr = 1)"));
    const ran = await vaec("train", spec, "--out", join(work, "bad"));
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("error[VAE228]");
  });
});

describe("health checks in vaec train and vaec eval", () => {
  let runDir = "";
  beforeAll(async () => {
    const ran = await vaec("train", join(work, "deep.vae"), "--out", join(work, "deep"));
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain("warning[VAE590]: latent layer `z2` has collapsed");
    expect(ran.stderr).toContain("health: collapsed layers: `z2`");
    runDir = ran.stdout.trim();
  });

  it("names the collapsed layer in eval, in text and in JSON, and exits 0", async () => {
    const text = await vaec("eval", runDir, "--no-metrics");
    expect(text.code).toBe(0);
    expect(text.stderr).toContain("warning[VAE590]: latent layer `z2` has collapsed");
    expect(text.stdout).toContain("health: collapsed layers: `z2`");
    const json = await vaec("eval", runDir, "--json", "--no-metrics");
    const result = JSON.parse(json.stdout).result;
    expect(result.health.layers.map((l: { collapsed: boolean }) => l.collapsed)).toEqual([
      false,
      true,
    ]);
  });

  it("makes NaN weights a coded error with exit status 1, never `ELBO NaN`", async () => {
    const latest = JSON.parse(readFileSync(join(runDir, "checkpoints/latest.json"), "utf8"));
    const dir = join(runDir, "checkpoints", latest.directory);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    const weights = join(dir, manifest.weightsManifest[0].paths[0]);
    const bytes = readFileSync(weights);
    bytes.writeFloatLE(NaN, 0);
    writeFileSync(weights, bytes);
    const ran = await vaec("eval", runDir, "--no-metrics");
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("error[VAE593]: the checkpoint at step 60 has NaN");
    expect(ran.stdout).not.toContain("NaN");
  });
});
