import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bytesOf, encodeNpy } from "../packages/runtime/test-support/data-files.js";
import { runVaec, type Ran } from "./vaec-cli.js";

/*
 * Issue 14's metrics from the CLI: `vaec attack` on a tiny two-layer model on sprites writes
 * AUDDC and downstream success per pair and attack (pairs of different shapes), the model's
 * margin bound, MIG and classifier accuracy in model-metrics.json, the report's section and a
 * shared classifier cache; on data without labels it says what it left out (VAE600).
 */

const work = mkdtempSync(join(tmpdir(), "vaec-e2e-metrics-"));

const SPEC = `model Tiny {
  data   x  : binary[64, 64]
  latent z1 : 4
  latent z2 : 2

  p(z2)         = Normal(0, 1)
  p(z1 | z2)    = Normal(mlp[16])
  p(x | z1, z2) = Bernoulli(mlp[32])
  q(z1 | x)     = Normal(mlp[32])
  q(z2 | z1, x) = Normal(mlp[16])

  penalize tc(z2) with beta = 2, estimator = mss
}

train  { data = sprites, batch = 16, steps = 30, held_out = 60, optimizer = adam(lr = 1e-3) }
attack { kinds = [kl], pairs = 4, lambda = grid(-4, 4, 4), optimizer = lbfgsb(steps = 8) }
`;

const PLAIN = `model Plain {
  data   x : binary[8, 8]
  latent z : 2
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[8])
  q(z | x) = Normal(mlp[8])
}

train  { data = npy("plain.npy"), batch = 10, steps = 5, held_out = 10 }
attack { kinds = [kl], pairs = 2, lambda = grid(-1, 1, 2), optimizer = lbfgsb(steps = 3) }
`;

interface Pair {
  source: number;
  target: number;
  auddc?: number | null;
  downstream?: { sourceClass: number; targetClass: number; predictions: number[] };
}
interface Results {
  downstream?: { factor: string; differentClassPairs: boolean };
  attacks: Array<{
    summary: { auddc?: number | null; downstreamSuccess?: number | null };
    pairs: Pair[];
  }>;
}

let attacked: Ran;
let runDir = "";
const read = <T>(file: string) => JSON.parse(readFileSync(file, "utf8")) as T;

beforeAll(async () => {
  writeFileSync(join(work, "tiny.vae"), SPEC);
  attacked = await runVaec(work, "attack", "tiny.vae");
  runDir = join(
    work,
    "runs",
    readdirSync(join(work, "runs")).find((d) => d.startsWith("Tiny"))!,
  );
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("vaec attack with the robustness and disentanglement metrics", () => {
  it("prints AUDDC and success columns and the model's metrics under the table", () => {
    expect(attacked.code).toBe(0);
    expect(attacked.stdout).toMatch(/AUDDC\s+success/);
    expect(attacked.stdout).toContain("robustness margin (Camuto et al.)");
    expect(attacked.stdout).toMatch(/MIG\s+\S+ \(shape /);
    expect(attacked.stdout).toContain("shape classifier");
  });

  it("draws pairs of different shapes and records AUDDC and the classifier's verdicts", () => {
    const results = read<Results>(join(runDir, "attack/results.json"));
    expect(results.downstream).toMatchObject({ factor: "shape", differentClassPairs: true });
    const [kl] = results.attacks;
    expect(kl.pairs).toHaveLength(4);
    for (const p of kl.pairs) {
      expect(p.downstream!.sourceClass).not.toBe(p.downstream!.targetClass);
      expect(p.downstream!.predictions).toHaveLength(5);
      if (p.auddc !== null) {
        expect(p.auddc).toBeGreaterThanOrEqual(0);
        expect(p.auddc).toBeLessThanOrEqual(1);
      }
    }
    expect(kl.summary.downstreamSuccess).toBeGreaterThanOrEqual(0);
    expect(kl.summary.downstreamSuccess).toBeLessThanOrEqual(1);
    const csv = readFileSync(join(runDir, "attack/results.csv"), "utf8").split("\n")[0];
    expect(csv.endsWith("auddc,source_class,target_class,predicted_class")).toBe(true);
  });

  it("writes the margin bound over both layers, MIG over sprites' five factors and the classifier's accuracy", () => {
    const metrics = read<{
      layers: string[];
      margin: { examples: number; mean: number; scale: number; radius: number };
      mig: { mig: number; factors: Array<{ name: string }> };
      downstream: { heldOutAccuracy: number; reconstructionAccuracy: number };
    }>(join(runDir, "model-metrics.json"));
    expect(metrics.layers).toEqual(["z1", "z2"]);
    expect(metrics.margin.examples).toBe(60);
    expect(metrics.margin.mean).toBeGreaterThanOrEqual(0);
    expect(metrics.margin.scale).toBeGreaterThan(0);
    expect(metrics.margin.radius).toBeGreaterThan(0);
    expect(metrics.mig.factors.map((f) => f.name)).toEqual([
      "shape",
      "scale",
      "orientation",
      "posX",
      "posY",
    ]);
    expect(metrics.downstream.heldOutAccuracy).toBeGreaterThan(0.8);
    const report = readFileSync(join(runDir, "report.html"), "utf8");
    expect(report).toContain("Robustness and disentanglement");
  });

  it("vaec eval prints and returns the same metrics, and checks its flags", async () => {
    const ran = await runVaec(work, "eval", runDir, "--json", "--margin-radius", "4");
    expect(ran.code).toBe(0);
    const parsed = JSON.parse(ran.stdout) as { result?: unknown };
    const report = (parsed.result ?? parsed) as {
      metrics: { margin: { radius: number; radiusSource: string }; mig: { mig: number } };
    };
    expect(report.metrics.margin).toMatchObject({ radius: 4, radiusSource: "user" });
    expect(typeof report.metrics.mig.mig).toBe("number");
    const text = await runVaec(work, "eval", runDir);
    expect(text.stdout).toContain("robustness margin (Camuto et al.)");
    const skipped = await runVaec(work, "eval", runDir, "--no-metrics");
    expect(skipped.stdout).not.toContain("robustness margin");
    const bad = await runVaec(work, "eval", runDir, "--margin-radius", "0");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--margin-radius");
  });

  it("shares one cached classifier between attacks on the same data", async () => {
    const again = await runVaec(work, "attack", runDir, "--no-report");
    expect(again.code).toBe(0);
    expect(readdirSync(join(work, "runs", ".classifiers"))).toHaveLength(1);
  });

  it("leaves out what needs labels on data without them, with VAE600", async () => {
    const images = Uint8Array.from({ length: 50 * 64 }, (_, i) => ((i * 7919) % 13 < 5 ? 1 : 0));
    writeFileSync(join(work, "plain.npy"), encodeNpy("|u1", [50, 8, 8], bytesOf(images)));
    writeFileSync(join(work, "plain.vae"), PLAIN);
    const ran = await runVaec(work, "attack", "plain.vae", "--no-report");
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain("warning[VAE600]");
    const dir = join(
      work,
      "runs",
      readdirSync(join(work, "runs")).find((d) => d.startsWith("Plain"))!,
    );
    const results = read<Results>(join(dir, "attack/results.json"));
    expect(results.downstream).toBeUndefined();
    expect(
      results.attacks[0].summary.auddc === null || results.attacks[0].summary.auddc! >= 0,
    ).toBe(true);
    expect(existsSync(join(dir, "model-metrics.json"))).toBe(true);
    expect(read<{ mig: unknown }>(join(dir, "model-metrics.json")).mig).toBeNull();
  });
});
