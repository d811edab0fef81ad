import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startRedis, type TestRedis } from "./distributed-redis.js";
import { runVaec } from "./vaec-cli.js";

/*
 * Reaching the queue: what `vaec sweep --queue URL --status` and `vaec worker` say about a bad
 * URL, a wrong password, no server, and TLS (`rediss://`) with and without a trusted
 * certificate, against real redis-servers. `--status` connects and reads without running
 * anything, so these are quick.
 */

const work = mkdtempSync(join(tmpdir(), "vaec-e2e-queue-connection-"));
const PASSWORD = "conn-secret";
let plain: TestRedis;
let tls: TestRedis;

const SPEC = `
model Tiny {
  data   x : binary[16, 16]
  latent z : 2
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[8])
  q(z | x) = Normal(mlp[8])
}
train { data = sprites, batch = 8, steps = 5, held_out = 16 }
`;

const status = (url: string) =>
  runVaec(work, "sweep", "tiny.vae", "--queue", url, "--report", "study", "--status");

beforeAll(async () => {
  writeFileSync(join(work, "tiny.vae"), SPEC);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-keyout",
      join(work, "key.pem"),
      "-out",
      join(work, "cert.pem"),
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  plain = await startRedis({ password: PASSWORD });
  tls = await startRedis({
    password: PASSWORD,
    tls: { cert: join(work, "cert.pem"), key: join(work, "key.pem") },
  });
});

afterAll(async () => {
  await plain?.stop();
  await tls?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("connecting to the queue", () => {
  it("reads the grid's state before anything is submitted", async () => {
    const ran = await status(plain.url);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^1 point on redis:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
    expect(ran.stdout).toMatch(/Tiny train.seed=0\s+not queued/);
    expect(ran.stdout + ran.stderr).not.toContain(PASSWORD);
  });

  it("refuses a URL it cannot read (VAE610)", async () => {
    const ran = await status("localhost:6379");
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("error[VAE610]: cannot read the queue URL `localhost:6379`");
  });

  it("says when the password is wrong (VAE612), never printing it, from sweep and worker", async () => {
    const url = plain.url.replace(PASSWORD, "not-the-password");
    for (const ran of [await status(url), await runVaec(work, "worker", "--queue", url)]) {
      expect(ran.code).toBe(1);
      expect(ran.stderr).toMatch(
        /error\[VAE612\]: Redis at `redis:\/\/:\*\*\*@127\.0\.0\.1:\d+` refused to log in: WRONGPASS/,
      );
      expect(ran.stderr).not.toContain("not-the-password");
    }
  });

  it("says when nothing listens (VAE611)", async () => {
    const ran = await status(`redis://127.0.0.1:${await freePort()}`);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/error\[VAE611\]: .*the connection was refused/);
  });

  it("speaks TLS with rediss:// when the certificate is trusted, and says why not otherwise", async () => {
    const untrusted = await status(tls.url);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(
      /error\[VAE611\]: cannot reach Redis at `rediss:.*self[- ]signed certificate/,
    );
    process.env.NODE_EXTRA_CA_CERTS = join(work, "cert.pem");
    try {
      const trusted = await status(tls.url);
      expect(trusted.code, trusted.stderr).toBe(0);
      expect(trusted.stdout).toMatch(/^1 point on rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
    } finally {
      delete process.env.NODE_EXTRA_CA_CERTS;
    }
  });
});
