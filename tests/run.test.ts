import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runVaec } from "./vaec-cli.js";

/*
 * `vaec run` as a subprocess on a tiny one-layer beta-TCVAE with every budget shrunk from the
 * command line: compile, train, all three attacks (even though the spec lists one), report.
 */

const work = mkdtempSync(join(tmpdir(), "vaec-e2e-run-"));

const SPEC = `# a tiny beta-TCVAE for the run test
param beta = 3
model Small {
  data   x : binary[64, 64]
  latent z : 3

  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[24])
  q(z | x) = Normal(mlp[24])

  penalize tc(z) with beta = beta
}

train  { data = sprites, batch = 16, steps = 500, held_out = 32, optimizer = adam(lr = 3e-3) }
attack { kinds = [kl], pairs = 10, optimizer = lbfgsb(steps = 100) }
sweep beta in [2, 3]
`;

const vaec = (...args: string[]) => runVaec(work, ...args);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("vaec run", () => {
  it("compiles, trains, runs all three attacks and prints the report's path", async () => {
    writeFileSync(join(work, "small.vae"), SPEC);
    const ran = await vaec(
      "run",
      "small.vae",
      "--steps",
      "20",
      "--pairs",
      "2",
      "--set",
      "beta=2",
      "--set",
      "attack.lambda=grid(-2, 2, 3)",
      "--set",
      "attack.optimizer=lbfgsb(steps = 6)",
    );
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain("20 steps");
    const report = ran.stdout.trim().split("\n").at(-1)!;
    expect(report).toMatch(/runs\/Small-[0-9a-f]{8}\/report\.html$/);
    const html = readFileSync(join(work, report), "utf8");
    for (const kind of ["kl", "w2", "output"]) {
      expect(ran.stderr).toMatch(new RegExp(`^${kind}\\s+-?\\d`, "m"));
      expect(html).toContain(`<h3 id="attack-${kind}">`);
    }
    const runDir = join(work, report, "..");
    const results = JSON.parse(readFileSync(join(runDir, "attack/results.json"), "utf8")) as {
      settings: { pairs: number; lambdas: number[] };
    };
    expect(results.settings.pairs).toBe(2);
    expect(results.settings.lambdas).toHaveLength(4);
    // beta = 2 from --set reached the trained model.
    const ir = JSON.parse(readFileSync(join(runDir, "ir.json"), "utf8")) as {
      params: Record<string, number>;
      train: { steps: number };
    };
    expect(ir.params.beta).toBe(2);
    expect(ir.train.steps).toBe(20);
    expect(existsSync(join(runDir, "figures/reconstructions.png"))).toBe(true);
  });

  it("sweeps beta: trains or attacks each point, writes table and plots, then reuses them", async () => {
    const ran = await vaec(
      "sweep",
      "small.vae",
      "--steps",
      "20",
      "--kinds",
      "kl",
      "--pairs",
      "2",
      "--set",
      "attack.lambda=grid(-2, 2, 3)",
      "--set",
      "attack.optimizer=lbfgsb(steps = 6)",
      "--report",
      "sweep-out",
    );
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain("sweep over beta: 2 runs");
    expect(ran.stderr).toMatch(/done Small beta = 3 in/);
    expect(ran.stdout.trim()).toBe("sweep-out/report.html");
    const csv = readFileSync(join(work, "sweep-out/sweep.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toMatch(/^model,family,variable,value,seed,attack,elbo,delta,/);
    expect(
      csv.slice(1).map((l) => [...l.split(",").slice(2, 4), l.split(",")[5]].join(",")),
    ).toEqual(["beta,2,kl", "beta,3,kl"]);
    const html = readFileSync(join(work, "sweep-out/report.html"), "utf8");
    expect(html).toContain("held-out ELBO (beta = 1) against beta");
    expect(html).toContain("Delta at the chosen lambda against beta");
    // Everything done: a second sweep only reads.
    const again = await vaec(
      "sweep",
      "small.vae",
      "--steps",
      "20",
      "--kinds",
      "kl",
      "--pairs",
      "2",
      "--set",
      "attack.lambda=grid(-2, 2, 3)",
      "--set",
      "attack.optimizer=lbfgsb(steps = 6)",
      "--report",
      "sweep-out",
    );
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("0 to train or attack");
  });

  it("sweeps over seeds too, and plots the mean over them", async () => {
    const ran = await vaec(
      "sweep",
      "small.vae",
      "--seeds",
      "5,6",
      "--steps",
      "20",
      "--kinds",
      "kl",
      "--pairs",
      "2",
      "--set",
      "attack.lambda=grid(-2, 2, 3)",
      "--set",
      "attack.optimizer=lbfgsb(steps = 6)",
      "--report",
      "sweep-seeds",
    );
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain("sweep over beta: 4 runs");
    expect(ran.stderr).toMatch(/done Small beta = 2 seed 6 in/);
    const csv = readFileSync(join(work, "sweep-seeds/sweep.csv"), "utf8").trim().split("\n");
    const points = csv.slice(1).map((l) => l.split(",").slice(3, 5).join(":"));
    expect(points.sort()).toEqual(["2:5", "2:6", "3:5", "3:6"]);
    const html = readFileSync(join(work, "sweep-seeds/report.html"), "utf8");
    expect(html).toContain("(mean over 2 seeds)");
    const bad = await vaec("sweep", "small.vae", "--seeds", "one");
    expect(bad.code).toBe(2);
  });

  it("rejects a bad --steps as a usage error", async () => {
    const ran = await vaec("run", "small.vae", "--steps", "zero");
    expect(ran.code).toBe(2);
  });
});
