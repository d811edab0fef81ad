import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runVaec } from "./vaec-cli.js";

/*
 * `vaec train --backend webgpu` from the CLI against `--backend cpu` on a tiny spec: the logged
 * losses agree within TOLERANCE (relative). CI has no GPU: this runs on Mesa's software adapter,
 * which `.ci/run` installs; `vaec doctor` says whether there is one, and without any adapter the
 * test is skipped with that reason printed.
 */

const TOLERANCE = 1e-4;
const work = mkdtempSync(join(tmpdir(), "vaec-e2e-webgpu-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

writeFileSync(
  join(work, "tiny.vae"),
  `# a tiny beta-TCVAE for the webgpu end-to-end test
model Tiny {
  data   x : binary[64, 64]
  latent z : 4

  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[32])
  q(z | x) = Normal(mlp[32])

  penalize tc(z) with beta = 2, estimator = mss
}

train { data = sprites, batch = 16, steps = 4, checkpoint_every = 2, held_out = 32, iw_samples = 2,
        optimizer = adam(lr = 3e-3) }
`,
);

const doctor = await runVaec(work, "doctor", "--json");
const webgpu = (JSON.parse(doctor.stdout) as { result: { webgpu: Record<string, unknown> } }).result
  .webgpu;
const hasAdapter = Boolean(webgpu.hardware ?? webgpu.software);
if (!hasAdapter)
  console.warn(`webgpu CLI test SKIPPED: no WebGPU adapter (${String(webgpu.reason)})`);

function steps(out: string): Array<Record<string, number>> {
  const [run] = readdirSync(out);
  return readFileSync(join(out, run, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, number | string>)
    .filter((r) => r.kind === "step")
    .map(
      ({ kind: _kind, time: _time, images_per_s: _rate, ...rest }) =>
        rest as Record<string, number>,
    );
}

describe.skipIf(!hasAdapter)("vaec train --backend webgpu", () => {
  it("trains with the cpu backend's losses, and doctor names the adapter", async () => {
    expect(doctor.code).toBe(0);
    const cpu = await runVaec(work, "train", "tiny.vae", "--backend", "cpu", "--out", "cpu");
    expect(cpu.code, cpu.stderr).toBe(0);
    const gpu = await runVaec(
      work,
      "train",
      "tiny.vae",
      "--backend",
      "webgpu",
      "--out",
      "gpu",
      "--verbose",
    );
    expect(gpu.code, gpu.stderr).toBe(0);
    expect(gpu.stderr).toMatch(/backend: webgpu \(.*(software|hardware)/);
    const [a, b] = [steps(join(work, "cpu")), steps(join(work, "gpu"))];
    expect(b).toHaveLength(4);
    a.forEach((record, s) => {
      for (const [key, value] of Object.entries(record)) {
        const scale = Math.max(1, Math.abs(value));
        expect(Math.abs(b[s][key] - value) / scale, `step ${s + 1} ${key}`).toBeLessThan(TOLERANCE);
      }
    });
  }, 300_000);
});
