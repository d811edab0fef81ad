import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScript, runVaec, vaecBin } from "./vaec-cli.js";

/*
 * Studies from the command line: `vaec sweep --dry-run` lists the grid with run ids and states;
 * a grid of 2 specs x 2 betas x 2 seeds killed with SIGKILL mid-way (the parent and its pool
 * children, one process group) and started again with --resume finishes with no step trained
 * twice and no point attacked twice, by the run store's own records (run.json sessions); and
 * issue 10's first paragraph at the sweep level: an interrupted long `vaec train` is never
 * reused by a short `vaec sweep`.
 */

const work = mkdtempSync(join(tmpdir(), "vaec-e2e-study-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const spec = (name: string, width: number) => `param beta = 1

model ${name} {
  data   x : binary[16, 16]
  latent z : 2

  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[${width}])
  q(z | x) = Normal(mlp[${width}])

  penalize tc(z) with beta = beta
}

train  { data = sprites, batch = 16, steps = 200, checkpoint_every = 20, held_out = 32 }
attack { kinds = [kl], pairs = 2, lambda = grid(-2, 2, 2), optimizer = lbfgsb(steps = 3) }
sweep beta in [1, 2], seed in [1, 2]
`;
writeFileSync(join(work, "a.vae"), spec("SmallA", 8));
writeFileSync(join(work, "b.vae"), spec("SmallB", 12));

const vaec = (...args: string[]) => runVaec(work, ...args);
const STUDY = ["sweep", "a.vae", "b.vae", "--report", "study"];

interface Session {
  kind: "train" | "attack";
  fromStep: number;
  toStep: number;
  step: number;
  outcome: string;
}
const sessions = (runDir: string) =>
  (JSON.parse(readFileSync(join(work, runDir, "run.json"), "utf8")) as { sessions: Session[] })
    .sessions;
const events = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown> & { event: string })
    .filter((e) => e.event !== undefined);
/** The last line of `--json`: the command's document (docs/cli-json.md). */
const document = (stdout: string) =>
  JSON.parse(stdout.trim().split("\n").at(-1)!) as {
    ok: boolean;
    command: string;
    result: unknown;
  };

describe("vaec sweep --dry-run", () => {
  it("lists every point with its run id and state, and trains nothing", async () => {
    const ran = await vaec(...STUDY, "--dry-run");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("8 points over beta x train.seed");
    expect(
      ran.stdout.match(/SmallA-[0-9a-f]{8} +SmallA beta=\d train\.seed=\d +to do/g),
    ).toHaveLength(4);
    expect(ran.stdout).toContain("8 to do");
    expect(existsSync(join(work, "runs"))).toBe(false);
    const json = events((await vaec(...STUDY, "--dry-run", "--json")).stdout);
    expect(json).toHaveLength(8);
    expect(json[0]).toMatchObject({
      event: "point",
      state: "todo",
      label: "SmallA beta=1 train.seed=1",
    });
    expect(new Set(json.map((e) => e.id)).size).toBe(8);
    const last = document((await vaec(...STUDY, "--dry-run", "--json")).stdout);
    expect(last).toMatchObject({
      ok: true,
      command: "sweep",
      result: { points: 8, states: { todo: 8 } },
    });
  });
});

describe("a study killed with SIGKILL mid-way", () => {
  const firstDone: string[] = [];

  it("is killed, parent and children, once points are done and another has a checkpoint", async () => {
    const child = spawn(process.execPath, [vaecBin, ...STUDY, "--jobs", "2", "--json"], {
      cwd: work,
      env: { ...process.env, NO_COLOR: "1" },
      detached: true, // its own process group: the pool's children are in it too
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no point finished:\n${stdout}`)), 120_000);
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const seen = events(stdout.slice(0, stdout.lastIndexOf("\n") + 1));
        const done = new Set(seen.filter((e) => e.event === "point-done").map((e) => e.id));
        const partial = seen.some(
          (e) =>
            e.event === "progress" && e.phase === "train" && !done.has(e.id) && Number(e.done) > 20,
        );
        if (done.size >= 2 && partial) {
          clearTimeout(timer);
          process.kill(-child.pid!, "SIGKILL");
          firstDone.push(...(done as Set<string>));
          resolve();
        }
      });
    });
    await exited;
    // The pool's children die with the group, a moment after the parent: wait until no point is
    // shown as running before reading the states.
    let dry = await vaec(...STUDY, "--dry-run");
    for (let i = 0; i < 20 && /running in pid/.test(dry.stdout); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      dry = await vaec(...STUDY, "--dry-run");
    }
    // Killed past its first checkpoint and long before its last (200 steps leave a wide window
    // even when the progress events reach this process late on a loaded machine).
    expect(dry.stdout, dry.stdout).toMatch(/partial at step \d+ of 200/);
    expect(dry.stdout).toMatch(/done \(step 200\)/);
  }, 150_000);

  it("re-run with --resume, reuses the finished points, resumes the rest, and computes nothing twice", async () => {
    const ran = await vaec(...STUDY, "--jobs", "2", "--json", "--resume");
    expect(ran.code, ran.stderr).toBe(0);
    const seen = events(ran.stdout);
    const start = seen.find((e) => e.event === "study-start")!;
    expect(start.done).toBeGreaterThanOrEqual(firstDone.length);
    const rerun = seen.filter((e) => e.event === "point-start").map((e) => e.id);
    for (const id of firstDone) expect(rerun).not.toContain(id);
    expect(seen.at(-1)).toMatchObject({ event: "summary", points: 8, done: 8, failed: 0 });
    expect(document(ran.stdout)).toMatchObject({ ok: true, command: "sweep", result: { done: 8 } });
    expect(readdirSync(join(work, "study", "points"))).toHaveLength(8);

    const runs = readdirSync(join(work, "runs")).filter((d) => /^Small[AB]-/.test(d));
    expect(runs).toHaveLength(8);
    let resumed = 0;
    for (const run of runs) {
      const all = sessions(join("runs", run));
      const train = all.filter((s) => s.kind === "train").sort((x, y) => x.fromStep - y.fromStep);
      // The run store's own history: each session starts where the last checkpoint left off.
      for (let i = 1; i < train.length; i++)
        expect(train[i].fromStep).toBeGreaterThanOrEqual(train[i - 1].toStep);
      expect(train.filter((s) => s.outcome === "finished")).toHaveLength(1);
      expect(train.at(-1)!.toStep).toBe(200);
      if (train.some((s) => s.fromStep > 0)) resumed++;
      expect(all.filter((s) => s.kind === "attack" && s.outcome === "finished")).toHaveLength(1);
    }
    expect(resumed).toBeGreaterThanOrEqual(1);
    const report = readFileSync(join(work, "study", "report.html"), "utf8");
    expect(report).toContain("95% confidence interval");
    expect(report).toContain("Paired comparisons");
    // The held-out curves also as a file of their own, for pages that show them.
    const curves = readFileSync(join(work, "study", "held-out-curves-sprites.svg"), "utf8");
    expect(curves).toMatch(/^<svg /);
    expect(curves).toContain("held-out ELBO");
  }, 180_000);
});

describe("examples/study/attack-strength.ts on the finished study", () => {
  const strength = (...args: string[]) =>
    runScript("examples/study/attack-strength.ts", work, ...args);

  it("attacks a model's points again with a larger cap and compares Δ at each chosen λ", async () => {
    const ran = await strength(
      "study",
      "--model",
      "SmallA",
      "--seed",
      "1",
      "--steps",
      "6",
      "--csv",
      "strength.csv",
    );
    expect(ran.code, ran.stderr).toBe(0);
    // One line per point (β = 1 and 2 at seed 1), each with its mean Δ before and after.
    const lines = ran.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines)
      expect(line).toMatch(/^SmallA .*: mean Δ [\d.]+ at the spec's cap, [\d.]+ at 6 iterations$/);
    const [header, ...rows] = readFileSync(join(work, "strength.csv"), "utf8").trim().split("\n");
    expect(header).toBe(
      "run,beta,seed,pair,source,target,lambda,delta_spec,status_spec,iterations_spec,delta_6,status_6,iterations_6",
    );
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const cells = row.split(",");
      expect(Number(cells[10])).toBeGreaterThanOrEqual(0);
      expect(Number(cells[12])).toBeLessThanOrEqual(6);
    }
  }, 120_000);

  it("says so when no point matches, without a stack trace", async () => {
    const ran = await strength("study", "--model", "Missing");
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("error: no point of Missing matches in study/points");
    expect(ran.stderr).not.toContain("    at ");
  });
});

describe("a study's committed records", () => {
  it("are enough on a machine without the run folders: nothing is trained again", async () => {
    rmSync(join(work, "runs"), { recursive: true, force: true });
    const dry = await vaec(...STUDY, "--dry-run");
    expect(dry.stdout).toContain("8 done");
    const ran = await vaec(...STUDY, "--json");
    expect(ran.code, ran.stderr).toBe(0);
    expect(events(ran.stdout)[0]).toMatchObject({ event: "study-start", done: 8, todo: 0 });
    expect(existsSync(join(work, "runs"))).toBe(false);
    expect(readFileSync(join(work, "study", "cells.csv"), "utf8")).toContain("SmallB");
  }, 120_000);

  it("make the tables and report again with --report-only, for a grid only part done too", async () => {
    for (const file of ["report.html", "cells.csv", "paired.csv"])
      rmSync(join(work, "study", file));
    // A third seed has no records: nothing is run for it, and the command still succeeds.
    const ran = await vaec(...STUDY, "--grid", "seed in [1, 2, 3]", "--report-only", "--json");
    expect(ran.code, ran.stderr).toBe(0);
    const [start] = events(ran.stdout);
    expect(start).toMatchObject({ event: "study-start", points: 12, done: 8, todo: 0 });
    expect(events(ran.stdout).filter((e) => e.event === "point-start")).toEqual([]);
    expect(existsSync(join(work, "runs"))).toBe(false);
    expect(document(ran.stdout)).toMatchObject({ ok: true, result: { points: 12, done: 8 } });
    expect(readFileSync(join(work, "study", "cells.csv"), "utf8")).toContain("SmallB");
    expect(readFileSync(join(work, "study", "report.html"), "utf8")).toContain(
      "Paired comparisons",
    );
  }, 120_000);
});

describe("issue 10's first paragraph, at the sweep level", () => {
  it("never reuses an interrupted long `vaec train` for a short `vaec sweep`", async () => {
    writeFileSync(join(work, "c.vae"), spec("SmallC", 8).replace("seed in [1, 2]", "seed in [1]"));
    const train = spawn(process.execPath, [vaecBin, "train", "c.vae", "--steps", "2000"], {
      cwd: work,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stderr = "";
    train.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => train.on("exit", () => resolve()));
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const runDir = /run (\S+):/.exec(stderr)?.[1];
        const metrics = runDir && join(work, runDir, "metrics.jsonl");
        if (
          metrics &&
          existsSync(metrics) &&
          readFileSync(metrics, "utf8").split("\n").length > 60
        ) {
          clearInterval(timer);
          train.kill("SIGINT");
          resolve();
        }
      }, 50);
    });
    await exited;
    const longRun = /run (\S+):/.exec(stderr)![1];
    const before = readFileSync(join(work, longRun, "run.json"), "utf8");

    const ran = await vaec("sweep", "c.vae", "--steps", "200", "--report", "short", "--json");
    expect(ran.code, ran.stderr).toBe(0);
    const records = readdirSync(join(work, "short", "points")).map(
      (f) =>
        JSON.parse(readFileSync(join(work, "short", "points", f), "utf8")) as {
          runDir: string;
          step: number;
          totalSteps: number;
          training: string;
          heldOutCurve: Array<{ step: number; elbo: number }>;
          attacks: Array<{ pairs: Array<{ status: string; iterations: number }> }>;
        },
    );
    expect(records).toHaveLength(2);
    for (const r of records) {
      expect(r).toMatchObject({ step: 200, totalSteps: 200, training: "trained" });
      expect(r.runDir).not.toBe(longRun);
      // The held-out curve and each chosen row's optimiser state travel with the record.
      expect(r.heldOutCurve.at(-1)!.step).toBe(200);
      expect(r.heldOutCurve.every((p) => Number.isFinite(p.elbo))).toBe(true);
      for (const pair of r.attacks.flatMap((a) => a.pairs)) {
        expect(pair.status).toMatch(/^(converged-|max-iterations)/);
        expect(pair.iterations).toBeGreaterThanOrEqual(0);
      }
    }
    // The interrupted run is left exactly as it was.
    expect(readFileSync(join(work, longRun, "run.json"), "utf8")).toBe(before);
  }, 180_000);
});
