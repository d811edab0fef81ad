import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runVaec, vaecBin } from "./vaec-cli.js";

/*
 * The run store from the command line, replaying issue 10's first paragraph: a 2000-step
 * `vaec train` interrupted part-way must never stand in for a 200-step run, is refused (VAE546)
 * when asked for again without --resume, and with --resume continues where it stopped; the run
 * record's own session history shows no step trained twice. Then the lock with two real
 * processes: a second writer is refused (VAE545) and touches nothing; the first finishes fine.
 */

const work = mkdtempSync(join(tmpdir(), "vaec-e2e-store-"));
const SPEC = `model My {
  data   x : binary[16, 16]
  latent z : 2

  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[16])
  q(z | x) = Normal(mlp[16])
}

train  { data = sprites, batch = 16, steps = 100, checkpoint_every = 50, held_out = 32 }
attack { kinds = [kl], pairs = 2, lambda = grid(-2, 2, 2), optimizer = lbfgsb(steps = 3) }
`;
writeFileSync(join(work, "my.vae"), SPEC);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const vaec = (...args: string[]) => runVaec(work, ...args);

interface Session {
  kind: string;
  fromStep: number;
  toStep: number;
  outcome: string;
  pid: number;
}
interface Record {
  status: string;
  step: number;
  settings: { totalSteps: number };
  sessions: Session[];
}
const record = (runDir: string) =>
  JSON.parse(readFileSync(join(work, runDir, "run.json"), "utf8")) as Record;
const stepLines = (runDir: string) =>
  readFileSync(join(work, runDir, "metrics.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { kind?: string; step?: number })
    .filter((r) => r.kind === "step")
    .map((r) => r.step);
const checkpoints = (runDir: string) => readdirSync(join(work, runDir, "checkpoints")).sort();

/** Starts `vaec ...args`; resolves once its run directory has `steps` metrics lines. */
function startTraining(
  args: string[],
  steps: number,
): Promise<{
  child: ChildProcess;
  runDir: string;
  done: Promise<{ code: number | null; stderr: string }>;
}> {
  const child = spawn(process.execPath, [vaecBin, ...args], {
    cwd: work,
    env: { ...process.env, NO_COLOR: "1" },
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stderr })),
  );
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const runDir = /run (\S+):/.exec(stderr)?.[1];
      if (runDir && existsSync(join(work, runDir, "metrics.jsonl"))) {
        if (stepLines(runDir).length >= steps) {
          clearInterval(timer);
          resolve({ child, runDir, done });
        }
      }
    }, 50);
    void done.then(({ stderr: text }) => {
      clearInterval(timer);
      reject(new Error(`vaec exited before training ${steps} steps:\n${text}`));
    });
  });
}

describe("issue 10's scenario: an interrupted long run never stands in for a short one", () => {
  let longRun = "";
  let stoppedAt = 0;

  it("`vaec train my.vae --steps 2000`, interrupted with Ctrl-C, records where it stopped", async () => {
    const started = await startTraining(["train", "my.vae", "--steps", "2000"], 120);
    started.child.kill("SIGINT");
    const { code, stderr } = await started.done;
    expect(code).toBe(1);
    stoppedAt = Number(/interrupted at step (\d+)/.exec(stderr)![1]);
    expect(stoppedAt).toBeGreaterThanOrEqual(120);
    expect(stoppedAt).toBeLessThan(2000);
    longRun = started.runDir;
    expect(record(longRun)).toMatchObject({
      status: "interrupted",
      step: stoppedAt,
      settings: { totalSteps: 2000 },
      sessions: [{ kind: "train", fromStep: 0, toStep: stoppedAt, outcome: "interrupted" }],
    });
    expect(existsSync(join(work, longRun, "run.lock"))).toBe(false);
  });

  it("`vaec run my.vae --steps 200` trains its own 200-step run instead", async () => {
    const before = readFileSync(join(work, longRun, "run.json"), "utf8");
    const ran = await vaec("run", "my.vae", "--steps", "200", "--kinds", "kl", "--pairs", "2");
    expect(ran.code).toBe(0);
    expect(ran.stderr).not.toContain("reusing");
    const shortRun = /-> (runs\/My-[0-9a-f]{8})/.exec(ran.stderr)![1];
    expect(shortRun).not.toBe(longRun);
    expect(record(shortRun)).toMatchObject({ status: "finished", step: 200 });
    // The attack is in the run's history, with the step it attacked and a digest of its settings.
    const attack = record(shortRun).sessions.find((s) => s.kind === "attack");
    expect(attack).toMatchObject({ step: 200, outcome: "finished" });
    expect((attack as unknown as { settingsDigest: string }).settingsDigest).toMatch(
      /^[0-9a-f]{16}$/,
    );
    // The long run was not touched.
    expect(readFileSync(join(work, longRun, "run.json"), "utf8")).toBe(before);
    // And a second short request reuses the short run, saying so with its step counts.
    const again = await vaec("attack", "my.vae", "--set", "train.steps=200", "--no-report");
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`reusing ${shortRun} (finished, 200/200 steps)`);
  });

  it("asking for the same 2000 steps without --resume is VAE546, naming the run and its step", async () => {
    const files = checkpoints(longRun);
    for (const args of [
      ["train", "my.vae", "--steps", "2000"],
      ["attack", "my.vae", "--set", "train.steps=2000"],
    ]) {
      const ran = await vaec(...args);
      expect(ran.code).toBe(1);
      expect(ran.stderr).toContain(
        `error[VAE546]: \`${longRun}\` stopped at step ${stoppedAt} of 2000 (interrupted)`,
      );
      expect(ran.stderr).toContain(`--resume`);
    }
    expect(checkpoints(longRun)).toEqual(files);
  });

  it("with --resume it continues from that step, and no step is trained twice", async () => {
    const ran = await vaec("train", "my.vae", "--steps", "2000", "--resume");
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain(`from step ${stoppedAt}`);
    const done = record(longRun);
    expect(done.status).toBe("finished");
    expect(done.sessions.map((s) => [s.fromStep, s.toStep, s.outcome])).toEqual([
      [0, stoppedAt, "interrupted"],
      [stoppedAt, 2000, "finished"],
    ]);
    // The metrics log holds every step once, in order.
    expect(stepLines(longRun)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    const reused = await vaec("train", "my.vae", "--steps", "2000");
    expect(reused.code).toBe(0);
    expect(reused.stderr).toContain(`reusing ${longRun} (finished, 2000/2000 steps)`);
  });
});

describe("the run lock, with two real processes", () => {
  it("refuses a second writer with VAE545 naming the first, touching nothing; the first finishes", async () => {
    const args = ["train", "my.vae", "--steps", "2500", "--seed", "5"];
    const first = await startTraining(args, 20);
    const lockOwner = JSON.parse(readFileSync(join(work, first.runDir, "run.lock"), "utf8")) as {
      pid: number;
    };
    expect(lockOwner.pid).toBe(first.child.pid);
    for (const second of [
      [...args, "--resume"],
      ["attack", first.runDir, "--no-report"],
    ]) {
      const ran = await vaec(...second);
      expect(ran.code).toBe(1);
      expect(ran.stderr).toContain(`error[VAE545]: \`${first.runDir}\` is in use by`);
      expect(ran.stderr).toContain(`(pid ${first.child.pid} on `);
    }
    const { code } = await first.done;
    expect(code).toBe(0);
    // One session, every step logged once, the newest checkpoints kept.
    const done = record(first.runDir);
    expect(done.sessions.map((s) => [s.kind, s.fromStep, s.toStep, s.outcome])).toEqual([
      ["train", 0, 2500, "finished"],
    ]);
    expect(stepLines(first.runDir)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    expect(checkpoints(first.runDir)).toEqual(["latest.json", "step-002450", "step-002500"]);
    expect(existsSync(join(work, first.runDir, "run.lock"))).toBe(false);
  });
});
