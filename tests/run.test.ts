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

  it("sweeps beta: trains and attacks each point, writes tables and plots, then reuses them", async () => {
    const args = [
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
    ];
    const ran = await vaec(...args);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toContain("study: 2 points over beta x train.seed; 0 done, 2 to run");
    expect(ran.stderr).toMatch(/done Small beta=3 train\.seed=0 \(trained, step 20\)/);
    expect(ran.stdout).toContain("report: sweep-out/report.html");
    const csv = readFileSync(join(work, "sweep-out/sweep.csv"), "utf8").trim().split("\n");
    const header = csv[0].split(",");
    expect(header.slice(0, 6)).toEqual(["spec", "model", "family", "data", "beta", "train.seed"]);
    const attacked = csv.slice(1).filter((l) => l.split(",")[header.indexOf("attack")] === "kl");
    expect(attacked.map((l) => l.split(",")[header.indexOf("beta")]).sort()).toEqual([
      "2",
      "2",
      "3",
      "3",
    ]);
    const cells = readFileSync(join(work, "sweep-out/cells.csv"), "utf8");
    expect(cells.split("\n")[0]).toBe(
      "spec,model,data,beta,attack,metric,mean,ci_lo,ci_hi,seeds,n",
    );
    const html = readFileSync(join(work, "sweep-out/report.html"), "utf8");
    expect(html).toContain("against beta on sprites: mean and 95% CI over seeds and pairs");
    // Everything done: a second sweep only reads the records.
    const again = await vaec(...args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("2 done, 0 to run");
  });

  it("sweeps over seeds too, with confidence intervals over them", async () => {
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
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toContain("study: 4 points over beta x train.seed");
    expect(ran.stderr).toMatch(/done Small beta=2 train\.seed=6/);
    const cells = readFileSync(join(work, "sweep-seeds/cells.csv"), "utf8").trim().split("\n");
    const elbo = cells.filter((l) => l.split(",")[5] === "elbo");
    // One cell per beta, each over both seeds.
    expect(elbo.map((l) => [l.split(",")[3], l.split(",")[9]].join(":"))).toEqual(["2:2", "3:2"]);
    const bad = await vaec("sweep", "small.vae", "--seeds", "one");
    expect(bad.code).toBe(2);
  });

  it("rejects a bad --steps as a usage error", async () => {
    const ran = await vaec("run", "small.vae", "--steps", "zero");
    expect(ran.code).toBe(2);
  });
});
