import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVaec, type Ran } from "./vaec-cli.js";

/*
 * `vaec attack` as a subprocess on a tiny two-layer Seatbelt-VAE (30 training steps, 3 pairs,
 * 5 lambdas, 8 L-BFGS-B iterations): training on first use, reuse of the finished run, the
 * results files, the paper's lambda rule on the stored curves, panels, the report, flags.
 */

const work = mkdtempSync(join(tmpdir(), "vaec-e2e-attack-"));
const spec = join(work, "tiny.vae");

const SPEC = `# a tiny Seatbelt-VAE for the attack tests; <script>alert("x")</script> & friends
model Tiny {
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

train  { data = sprites, batch = 16, steps = 30, held_out = 40, optimizer = adam(lr = 3e-3) }
attack { kinds = [kl, w2, output], pairs = 3, lambda = grid(-4, 4, 4), optimizer = lbfgsb(steps = 8) }
`;

const vaec = (...args: string[]) => runVaec(work, ...args);

interface Row {
  lambda: number;
  lambdaIndex: number;
  delta: number;
  deltaWithoutLambda: number;
  distortion: number;
  logLikelihoodTarget: number;
}
interface Results {
  model: string;
  settings: { pairs: number; lambdas: number[]; kinds: string[] };
  attacks: Array<{
    kind: string;
    summary: { delta: number; distortion: number };
    pairs: Array<{
      pair: number;
      source: number;
      target: number;
      chosenIndex: number;
      baseline: Row;
      curve: Row[];
    }>;
  }>;
}

let first: Ran;
let runDir = "";

beforeAll(async () => {
  writeFileSync(spec, SPEC);
  first = await vaec("attack", "tiny.vae");
  const match = /report: (\S+)report\.html/.exec(first.stdout);
  runDir = match ? join(work, match[1]) : "";
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("vaec attack on a spec with no run", () => {
  it("trains the spec first, then attacks and prints one summary line per attack", () => {
    expect(first.stderr).toContain("training Tiny");
    expect(first.code).toBe(0);
    expect(runDir).toMatch(/runs\/Tiny-[0-9a-f]{8}\/$/);
    for (const kind of ["kl", "w2", "output"]) {
      expect(first.stdout).toMatch(new RegExp(`^${kind}\\s+-?\\d`, "m"));
    }
    expect(first.stdout).toContain("log p(x_t|z*)");
  });

  it("writes results.json with every pair's whole curve and the paper's choice of lambda", () => {
    const results = JSON.parse(
      readFileSync(join(runDir, "attack/results.json"), "utf8"),
    ) as Results;
    expect(results.attacks.map((a) => a.kind)).toEqual(["kl", "w2", "output"]);
    expect(results.settings.lambdas).toHaveLength(5);
    for (const attack of results.attacks) {
      expect(attack.pairs).toHaveLength(3);
      for (const pair of attack.pairs) {
        expect(pair.source).not.toBe(pair.target);
        expect(pair.curve.map((r) => r.lambdaIndex)).toEqual([0, 1, 2, 3, 4]);
        // The rule, recomputed: the smallest Delta above the mean, ties to the largest lambda.
        const deltas = pair.curve.map((r) => r.delta);
        const mean = deltas.reduce((s, d) => s + d, 0) / deltas.length;
        const above = deltas.filter((d) => d > mean);
        const expected = above.length > 0 ? Math.min(...above) : deltas.at(-1)!;
        expect(pair.curve[pair.chosenIndex].delta).toBe(expected);
        for (const row of pair.curve) {
          expect(row.distortion).toBeGreaterThanOrEqual(0);
          expect(row.delta).toBeCloseTo(row.lambda * row.distortion + row.deltaWithoutLambda, 2);
        }
      }
      if (attack.kind === "kl") {
        // Unpenalised (lambda = 0), the latent KL attack must cut the KL to the target sharply.
        for (const pair of attack.pairs) {
          expect(pair.baseline.distortion).toBe(0);
          expect(pair.curve[0].deltaWithoutLambda).toBeLessThan(
            0.5 * pair.baseline.deltaWithoutLambda,
          );
        }
      }
      const chosen = attack.pairs.map((p) => p.curve[p.chosenIndex].distortion);
      expect(attack.summary.distortion).toBeCloseTo(
        chosen.reduce((s, v) => s + v, 0) / chosen.length,
        5,
      );
    }
  });

  it("writes a CSV line per attack, pair and lambda, with the chosen lambda flagged", () => {
    const lines = readFileSync(join(runDir, "attack/results.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toMatch(/^attack,pair,source,target,lambda_index,lambda,chosen,delta,/);
    expect(lines).toHaveLength(1 + 3 * 3 * 5);
    const chosen = lines.slice(1).filter((l) => l.split(",")[6] === "1");
    expect(chosen).toHaveLength(9);
  });

  it("draws a labelled panel per attack as SVG and PNG", () => {
    for (const kind of ["kl", "w2", "output"]) {
      const svg = readFileSync(join(runDir, `attack/panel-${kind}.svg`), "utf8");
      expect(XMLValidator.validate(svg)).toBe(true);
      // Long headers take two lines, so columns stay apart at small image sizes.
      for (const label of [
        "original",
        "target",
        "adversarial",
        "input",
        "distortion",
        "(scaled)",
      ]) {
        expect(svg).toContain(`>${label}</text>`);
      }
      expect(svg.match(/<image /g)).toHaveLength(3 * 6);
      const png = readFileSync(join(runDir, `attack/panel-${kind}.png`));
      expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    }
  });

  it("writes a self-contained report with every section and the spec escaped", () => {
    const html = readFileSync(join(runDir, "report.html"), "utf8");
    expect(XMLValidator.validate(html)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(html) as object;
    expect(doc).toBeTruthy();
    for (const id of ["spec", "diagram", "objectives", "training", "reconstructions", "attacks"]) {
      expect(html).toContain(`<h2 id="${id}">`);
    }
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; friends");
    expect(html).not.toMatch(/(src|href)="(https?:|\/\/)/);
    expect((html.match(/<img src="data:image\/svg\+xml;base64,/g) ?? []).length).toBeGreaterThan(5);
  });
});

describe("vaec attack on an existing run", () => {
  it("reuses the finished run of the same spec", async () => {
    const again = await vaec("attack", "tiny.vae", "--kinds", "kl", "--no-report");
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/reusing runs\/Tiny-[0-9a-f]{8} \(finished, 30\/30 steps\)/);
    expect(again.stderr).not.toContain("training Tiny");
  });

  it("takes a run directory, explicit pairs and --json", async () => {
    const ran = await vaec("attack", runDir, "--kinds", "w2", "--pairs", "0:1,5:2", "--json");
    expect(ran.code).toBe(0);
    const results = (JSON.parse(ran.stdout) as { result: Results }).result;
    expect(results.attacks.map((a) => a.kind)).toEqual(["w2"]);
    expect(results.attacks[0].pairs.map((p) => [p.source, p.target])).toEqual([
      [0, 1],
      [5, 2],
    ]);
    expect(existsSync(join(runDir, "report.html"))).toBe(true);
  });

  it("applies attack settings given with --set to a run, and refuses ones that change the model", async () => {
    const ok = await vaec(
      "attack",
      runDir,
      "--kinds",
      "kl",
      "--set",
      "attack.pairs=2",
      "--set",
      "attack.lambda=grid(-1, 1, 2)",
      "--json",
      "--no-report",
    );
    expect(ok.code).toBe(0);
    const results = (JSON.parse(ok.stdout) as { result: Results }).result;
    expect(results.attacks[0].pairs).toHaveLength(2);
    expect(results.settings.lambdas).toHaveLength(3);
    const changed = await vaec("attack", runDir, "--set", "train.batch=8");
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain("would change the model");
  });

  it("rejects unknown attack kinds and malformed pairs as usage errors", async () => {
    const kinds = await vaec("attack", runDir, "--kinds", "kl,l2");
    expect(kinds.code).toBe(2);
    expect(kinds.stderr).toContain("`--kinds`");
    const pairs = await vaec("attack", runDir, "--pairs", "0:999");
    expect(pairs.code).toBe(2);
    expect(pairs.stderr).toContain("past the 40 held-out examples");
  });
});
