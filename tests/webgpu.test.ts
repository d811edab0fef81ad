import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { runVaec } from "./vaec-cli.js";

/*
 * The CLI on `--backend webgpu` against `--backend cpu` on a tiny spec: `vaec train` logs the
 * same losses, and on one checkpoint `vaec eval` (with its metrics: margin, MIG, classifier),
 * `vaec attack` and `vaec sample` give the same numbers and images, within the tolerances below.
 * CI has no GPU: this runs on Mesa's software adapter, which `.ci/run` installs; `vaec doctor`
 * says whether there is one, and without any adapter the tests are skipped with that reason
 * printed.
 *
 * Tolerances, relative to max(1, |cpu value|) (float32 sums run in another order on the GPU):
 * - TOLERANCE (1e-4) for training losses and evaluation (measured: 1.4e-6 and 2.2e-7);
 * - ATTACK_TOLERANCE (1e-3) for the attack's curve: each of the five L-BFGS-B steps moves by the
 *   gradient, so rounding differences compound (measured: 1.9e-6). The optimiser's counters and
 *   stopping reason are not compared: a line search that accepts or rejects a step on a row that
 *   is already flat can decide either way on a difference of one rounding;
 * - eval's downstream classifier may read one image of its 32 differently;
 * - images: every pixel within one level of 255 (PNG quantises each value to 8 bits).
 */

const TOLERANCE = 1e-4;
const ATTACK_TOLERANCE = 1e-3;
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
attack { kinds = [kl], pairs = 2, lambda = grid(-2, 2, 3), optimizer = lbfgsb(steps = 5) }
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

describe.skipIf(!hasAdapter)("vaec on --backend webgpu against --backend cpu", () => {
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

  it("evaluates with metrics, attacks and samples one checkpoint as the cpu backend does", async () => {
    // The cpu-trained checkpoint of the test above, copied once per backend (each writes into its
    // run) under one parent, so both read the downstream classifier from one cache
    // (<runs>/.classifiers): webgpu, first, trains it; the cpu backend's plain-JS kernels would
    // take over a minute more for it.
    const trained = join(work, "cpu");
    expect(existsSync(trained), "needs the cpu run of the training test").toBe(true);
    const [name] = readdirSync(trained);
    const runs = {
      webgpu: join(work, "commands", `webgpu-${name}`),
      cpu: join(work, "commands", `cpu-${name}`),
    };
    const ran: Record<string, Record<string, unknown>> = {};
    for (const [backend, run] of Object.entries(runs)) {
      cpSync(join(trained, name), run, { recursive: true });
      const flags = ["--backend", backend, "--json"];
      const evaluated = await runVaec(work, "eval", run, ...flags);
      expect(evaluated.code, `${backend} eval: ${evaluated.stderr}`).toBe(0);
      const attacked = await runVaec(work, "attack", run, ...flags);
      expect(attacked.code, `${backend} attack: ${attacked.stderr}`).toBe(0);
      const sampled = await runVaec(work, "sample", run, ...flags);
      expect(sampled.code, `${backend} sample: ${sampled.stderr}`).toBe(0);
      ran[backend] = {
        eval: resultOf(evaluated.stdout),
        attack: resultOf(attacked.stdout),
        figures: resultOf(sampled.stdout).files,
      };
    }
    const [cpu, gpu] = [ran.cpu, ran.webgpu];
    expect((cpu.eval as { metrics: unknown }).metrics, "eval ran its metrics").not.toBeNull();
    expectNumbersClose(gpu.eval, cpu.eval, "eval", TOLERANCE);
    expectNumbersClose(gpu.attack, cpu.attack, "attack", ATTACK_TOLERANCE);
    expect(existsSync(join(runs.webgpu, "report.html"))).toBe(true);
    const files = cpu.figures as string[];
    expect(files.map((f) => basename(f))).toEqual([
      "reconstructions.png",
      "samples.png",
      "traversal-z.png",
    ]);
    (gpu.figures as string[]).forEach((file, i) => {
      const [a, b] = [readPng(files[i]), readPng(file)];
      expect([b.width, b.height]).toEqual([a.width, a.height]);
      const worst = a.data.reduce((m, v, j) => Math.max(m, Math.abs(v - b.data[j])), 0);
      expect(worst, `${basename(file)}: largest pixel difference`).toBeLessThanOrEqual(1);
    });
  }, 600_000);
});

function resultOf(stdout: string): Record<string, unknown> {
  return (JSON.parse(stdout) as { result: Record<string, unknown> }).result;
}

function readPng(file: string): PNG {
  return PNG.sync.read(readFileSync(file));
}

// Timings, paths and the optimiser's bookkeeping (see the tolerances above) differ by nature.
const NOT_COMPARED = new Set([
  "seconds",
  "createdAt",
  "runDir",
  "classifierFile",
  "file",
  "panel",
  "status",
  "rounds",
]);
const ACCURACIES = new Set(["heldOutAccuracy", "reconstructionAccuracy"]);

/** Every number in `actual` within `tolerance` of `expected`'s (relative to max(1, |expected|)). */
function expectNumbersClose(actual: unknown, expected: unknown, where: string, tolerance: number) {
  if (typeof expected === "number") {
    expect(typeof actual, where).toBe("number");
    const a = actual as number;
    const key = where.slice(where.lastIndexOf(".") + 1);
    // One image of the classifier's check read differently: 1 / examples (at most 32 here).
    const allowed = ACCURACIES.has(key) ? 1 / 32 : tolerance * Math.max(1, Math.abs(expected));
    expect(Math.abs(a - expected), `${where}: ${a} vs ${expected}`).toBeLessThanOrEqual(allowed);
  } else if (Array.isArray(expected)) {
    expect(actual, where).toHaveLength(expected.length);
    expected.forEach((e, i) =>
      expectNumbersClose((actual as unknown[])[i], e, `${where}[${i}]`, tolerance),
    );
  } else if (expected !== null && typeof expected === "object") {
    for (const [key, value] of Object.entries(expected)) {
      if (NOT_COMPARED.has(key)) continue;
      expectNumbersClose(
        (actual as Record<string, unknown>)[key],
        value,
        `${where}.${key}`,
        tolerance,
      );
    }
  } else {
    expect(actual, where).toEqual(expected);
  }
}
