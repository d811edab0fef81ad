import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { spawn } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "./distributed-redis.js";
import { runVaec, vaecBin } from "./vaec-cli.js";

/*
 * What the queue's submitter says about the Redis under it, against real redis-servers: one
 * that may evict keys (VAE614, a warning: the grid can still run), and points lost from the
 * queue while `vaec sweep --queue` waits for them (VAE618: someone wiped Redis, no worker ran).
 */

const work = mkdtempSync(join(tmpdir(), "vaec-e2e-queue-checks-"));
const PASSWORD = "checks-secret";
let evicting: TestRedis;
let plain: TestRedis;

beforeAll(async () => {
  writeFileSync(
    join(work, "tiny.vae"),
    `model Tiny {
  data   x : binary[16, 16]
  latent z : 2
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[8])
  q(z | x) = Normal(mlp[8])
}
train { data = sprites, batch = 8, steps = 5, held_out = 16 }
`,
  );
  evicting = await startRedis({ password: PASSWORD, evictionPolicy: "allkeys-lru" });
  plain = await startRedis({ password: PASSWORD });
});

afterAll(async () => {
  await evicting?.stop();
  await plain?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("the queue's checks of its Redis", () => {
  it("warns that a Redis with an evicting memory policy may drop queued points (VAE614)", async () => {
    const ran = await runVaec(work, "sweep", "tiny.vae", "--queue", evicting.url, "--status");
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toContain(
      `warning[VAE614]: Redis at \`redis://:***@127.0.0.1:${evicting.port}\` has \`maxmemory-policy allkeys-lru\`: under memory pressure it may evict queued points and their results`,
    );
    expect(ran.stderr).toContain("maxmemory-policy noeviction");
    // A warning: the status is still read and printed.
    expect(ran.stdout).toMatch(/Tiny train.seed=0\s+not queued/);
  });

  it("fails a point whose job vanished from Redis while the submitter waited (VAE618)", async () => {
    const submitter = spawn(
      process.execPath,
      [vaecBin, "sweep", "tiny.vae", "--queue", plain.url, "--report", "study"],
      { cwd: work, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    submitter.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    submitter.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => submitter.once("exit", resolve));
    // No worker takes the point: it waits on the queue until Redis is wiped under it.
    const deadline = Date.now() + 60_000;
    while (!/1 queued/.test(output)) {
      if (submitter.exitCode !== null) throw new Error(`the submitter exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`never queued:\n${output}`);
      await sleep(100);
    }
    const redis = new Redis({ port: plain.port, host: "127.0.0.1", password: PASSWORD });
    await redis.flushall();
    redis.disconnect();
    expect(await exited).toBe(1);
    expect(output).toMatch(
      new RegExp(
        `error\\[VAE618\\]: point \`[0-9a-f]+\` is no longer on the queue at \`redis://:\\*\\*\\*@127\\.0\\.0\\.1:${plain.port}\``,
      ),
    );
    expect(output).toContain("it queues the missing points anew");
  }, 120_000);
});
