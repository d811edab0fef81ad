import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "./distributed-redis.js";
import { runVaec, vaecBin } from "./vaec-cli.js";

/*
 * Grids on a Redis queue, end to end with a real redis-server (started here on a free loopback
 * port, append-only file on): one submitter (`vaec sweep --queue`) and two workers (`vaec
 * worker`), each its own process with its own artifacts folder, as on separate machines. Tiny
 * MLPs and a few steps; worker locks of 3 s so a killed worker's point moves on quickly.
 */

const work = mkdtempSync(join(tmpdir(), "vaec-e2e-distributed-"));
const PASSWORD = "e2e-secret";
const LOCK_SECONDS = "3";

const spec = (name: string, steps: number, data = "sprites", sweep = "beta in [1, 4]") => `
param beta = 3
model ${name} {
  data   x : binary[16, 16]
  latent z : 2

  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[8])
  q(z | x) = Normal(mlp[8])

  penalize tc(z) with beta = beta
}

train  { data = ${data}, batch = 8, steps = ${steps}, held_out = 16, optimizer = adam(lr = 3e-3) }
attack { kinds = [kl], pairs = 2, lambda = grid(-1, 1, 2), optimizer = lbfgsb(steps = 4) }
sweep ${sweep}
`;

/** A process whose output is kept, so tests can wait for a line and read it all afterwards. */
interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<number>;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, [vaecBin, ...args], {
    cwd: work,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))),
  );
  return { child, output: () => text, exited };
}

async function waitFor(
  proc: Proc,
  pattern: RegExp,
  timeoutMs = 120_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = proc.output().match(pattern);
    if (match) return match;
    if (proc.child.exitCode !== null || proc.child.signalCode !== null)
      throw new Error(`exited before ${pattern} appeared; output:\n${proc.output()}`);
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${pattern}; output:\n${proc.output()}`);
    await sleep(100);
  }
}

let redis: TestRedis;
const workers: Proc[] = [];

function startWorker(name: string, env: NodeJS.ProcessEnv = {}): Proc {
  const proc = start(
    [
      "worker",
      "--queue",
      redis.url,
      "--lock-seconds",
      LOCK_SECONDS,
      "--data-root",
      work,
      "--artifacts",
      join(work, name),
    ],
    env,
  );
  workers.push(proc);
  return proc;
}

interface Record {
  id: string;
  runDir: string;
  step: number;
  eval: { [key: string]: number };
  attacks: Array<{ kind: string; pairs: Array<{ [key: string]: number }> }>;
}

function records(studyDir: string): Map<string, Record> {
  const dir = join(work, studyDir, "points");
  return new Map(
    readdirSync(dir).map((f) => {
      const r = JSON.parse(readFileSync(join(dir, f), "utf8")) as Record;
      return [r.id, r];
    }),
  );
}

const queue = () => ["--queue", redis.url];
const tookCount = (id: string) =>
  workers.reduce(
    (n, w) =>
      n + (w.output().match(new RegExp(`took .*\\(${id.slice(0, 8)}\\)`, "g"))?.length ?? 0),
    0,
  );

beforeAll(async () => {
  writeFileSync(join(work, "small.vae"), spec("Small", 12));
  redis = await startRedis({ password: PASSWORD });
  const [a, b] = [startWorker("w1"), startWorker("w2")];
  await Promise.all([waitFor(a, /Ctrl-C to stop/), waitFor(b, /Ctrl-C to stop/)]);
});

afterAll(async () => {
  if (process.env.VAEC_DEBUG_DISTRIBUTED)
    workers.forEach((w, i) => writeFileSync(`/tmp/vaec-dist-worker-${i}.log`, w.output()));
  for (const w of workers) w.child.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  await redis?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("vaec sweep --queue with two vaec workers", () => {
  it("runs the grid on both workers, with the local pool's run ids and numbers", async () => {
    const submitted = await runVaec(work, "sweep", "small.vae", ...queue(), "--report", "queued");
    expect(submitted.stderr).not.toContain(PASSWORD);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(submitted.stderr).toContain("2 queued");
    // Which worker ran what: each start line names one, and both took a point.
    const names = [...submitted.stderr.matchAll(/^start .* on (\S+:\d+)$/gm)].map((m) => m[1]);
    expect(new Set(names).size, submitted.stderr).toBe(2);
    expect(submitted.stdout).toMatch(/2 of 2 points done/);
    expect(existsSync(join(work, "queued/report.html"))).toBe(true);

    const local = await runVaec(
      work,
      "sweep",
      "small.vae",
      "--out",
      "local-runs",
      "--report",
      "local",
      "--jobs",
      "2",
    );
    expect(local.code, local.stderr).toBe(0);
    const [onQueue, inPool] = [records("queued"), records("local")];
    expect([...onQueue.keys()].sort()).toEqual([...inPool.keys()].sort());
    for (const [id, r] of onQueue) {
      const l = inPool.get(id)!;
      expect(r.runDir).toMatch(/\/w[12]\/Small-/);
      expect({ step: r.step, eval: r.eval, attacks: r.attacks }).toEqual({
        step: l.step,
        eval: l.eval,
        attacks: l.attacks,
      });
    }
    // Row for row, in some order: the local pool with two jobs lists points as they finish.
    const cells = (dir: string) =>
      readFileSync(join(work, dir, "cells.csv"), "utf8")
        .trim()
        .split("\n")
        .sort();
    expect(cells("queued")).toEqual(cells("local"));
  });

  it("never runs a point twice: a second submission collects the finished jobs", async () => {
    const again = await runVaec(work, "sweep", "small.vae", ...queue(), "--report", "again");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("0 queued, 2 finished there earlier");
    for (const id of records("queued").keys()) expect(tookCount(id)).toBe(1);
    expect(records("again")).toEqual(records("queued"));

    const status = await runVaec(work, "sweep", "small.vae", ...queue(), "--status");
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Small beta=1 train.seed=0\s+completed by \S+:\d+/);
    expect(status.stdout).toContain("2 completed");
  });

  it("marks a point with a data error failed with its code, and the others go on", async () => {
    writeFileSync(
      join(work, "missing.vae"),
      spec("Missing", 12, `npy("no-such-file.npy")`, "beta in [1]"),
    );
    writeFileSync(
      join(work, "outside.vae"),
      spec("Outside", 12, `npy("/etc/passwd.npy")`, "beta in [1]"),
    );
    const ran = await runVaec(
      work,
      "sweep",
      "small.vae",
      "missing.vae",
      "outside.vae",
      ...queue(),
      "--report",
      "mixed",
    );
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/2 of 4 points done, 2 failed/);
    expect(ran.stderr).toMatch(
      /error\[VAE615\]: the queued point's data file `\/etc\/passwd.npy` is outside/,
    );
    expect(ran.stderr).toMatch(/error\[VAE50\d\]: .*no-such-file\.npy/);
    const html = readFileSync(join(work, "mixed/report.html"), "utf8");
    expect(html).toContain("VAE615");
    expect(records("mixed").size).toBe(2);
  });

  it("gives a point held by a worker killed with -9 to the other worker, which finishes it once; Ctrl-C on the submitter leaves it running", async () => {
    writeFileSync(join(work, "long.vae"), spec("Long", 800, "sprites", "beta in [2]"));
    const submitter = start(["sweep", "long.vae", ...queue(), "--report", "killed"]);
    const [, id8, name] = await waitFor(submitter, /^start Long .*Long-([0-9a-f]{8}) on (\S+)$/m);
    const holder = workers.find((w) => w.output().includes(`worker ${name} `))!;
    // Mid-job: the child has the point and reports its first progress.
    await waitFor(holder, new RegExp(`^\\S+ {3}${id8} train$`, "m"));
    holder.child.kill("SIGKILL");
    await holder.exited;
    await waitFor(submitter, /Long beta=2 train.seed=0: now on \S+ \(attempt 2\)/);
    // The submitter stops following; the point goes on on the other worker.
    submitter.child.kill("SIGINT");
    expect(await submitter.exited).toBe(1);
    expect(submitter.output()).toContain("the points go on on the queue");
    expect(submitter.output()).toMatch(/0 of 1 points done/);

    const collected = await runVaec(work, "sweep", "long.vae", ...queue(), "--report", "killed");
    expect(collected.code, collected.stderr).toBe(0);
    expect(collected.stderr).toMatch(
      /0 queued, 1 (already waiting or running|finished there earlier)/,
    );
    const [record] = records("killed").values();
    expect(record.step).toBe(800);
    const survivor = workers.find((w) => w !== holder && w.output().includes("attempt 2"))!;
    expect(survivor.output()).toContain("was held by a worker that stopped answering");
    const finished = workers.reduce(
      (n, w) => n + (w.output().match(/^\S+ done Long beta=2/gm)?.length ?? 0),
      0,
    );
    expect(finished).toBe(1);
    expect(tookCount(record.id)).toBe(2);
    // The killed worker's child stopped with it: its folder holds no finished run of the point.
    const holderDir = holder === workers[0] ? "w1" : "w2";
    expect(existsSync(join(work, holderDir, "queue-points/points", `${record.id}.json`))).toBe(
      false,
    );
    // A replacement for the killed worker, for the next test.
    await waitFor(startWorker("w3"), /Ctrl-C to stop/);
  });

  it("retries a point whose child process died, after a back-off, and finishes it", async () => {
    // Long enough (about 10 s on an idle 2-core machine) that the kill lands during training.
    writeFileSync(join(work, "crash.vae"), spec("Crash", 8000, "sprites", "beta in [3]"));
    const submitter = start(["sweep", "crash.vae", ...queue(), "--report", "crashed"]);
    const [, id8, name] = await waitFor(submitter, /^start Crash .*Crash-([0-9a-f]{8}) on (\S+)$/m);
    const holder = workers.find((w) => w.output().includes(`worker ${name} `))!;
    await waitFor(holder, new RegExp(`^\\S+ {3}${id8} train$`, "m"));
    // The sandboxed child running the point: BullMQ's child main, forked by the worker.
    const children = execFileSync("ps", ["--ppid", String(holder.child.pid), "-o", "pid=,args="], {
      encoding: "utf8",
    })
      .split("\n")
      .filter((line) => line.includes("bullmq"))
      .map((line) => Number(line.trim().split(/\s+/)[0]));
    expect(children).toHaveLength(1);
    process.kill(children[0], "SIGKILL");
    expect(await submitter.exited, submitter.output()).toBe(0);
    const log = workers.map((w) => w.output()).join("\n");
    expect(log).toMatch(
      new RegExp(`failed Crash beta=3 .*\\(${id8}\\): .*SIGKILL; it will be retried`),
    );
    expect(log).toMatch(new RegExp(`took Crash beta=3 .*\\(${id8}\\), attempt 2`));
    expect(log.match(/^\S+ done Crash beta=3/gm)).toHaveLength(1);
    expect([...records("crashed").values()][0].step).toBe(8000);
  });

  it("reconnects submitter and workers when Redis restarts mid-grid, losing nothing", async () => {
    writeFileSync(join(work, "restart.vae"), spec("Restart", 150, "sprites", "beta in [1, 2]"));
    const submitter = start(["sweep", "restart.vae", ...queue(), "--report", "restarted"]);
    await waitFor(submitter, /^start Restart /m);
    await redis.restart(1000);
    const code = await submitter.exited;
    const out = submitter.output();
    expect(code, out).toBe(0);
    expect(out).toMatch(/lost Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ .*reconnecting/);
    expect(out).toMatch(/Redis at \S+ is back/);
    expect(out).toMatch(/2 of 2 points done/);
    expect(records("restarted").size).toBe(2);
    const alive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    expect(alive).toHaveLength(2);
    expect(alive.every((w) => /Redis is back/.test(w.output()))).toBe(true);
  });

  it("logs a point's backend warnings (a malformed switch, VAE534) on the worker that ran it", async () => {
    // The only worker left has the malformed switch, so it runs the point.
    for (const w of workers) w.child.kill("SIGTERM");
    await Promise.all(workers.map((w) => w.exited));
    const warned = startWorker("w4", { VAEC_FUSED_TC: "maybe" });
    await waitFor(warned, /Ctrl-C to stop/);
    writeFileSync(join(work, "warned.vae"), spec("Warned", 20, "sprites", "beta in [1]"));
    const submitted = await runVaec(work, "sweep", "warned.vae", ...queue(), "--report", "warned");
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(warned.output()).toMatch(
      /^\S+ {3}[0-9a-f]{8} warning\[VAE534\]: `VAEC_FUSED_TC` is `maybe`, not a switch value$/m,
    );
  });
});
