import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/*
 * A real redis-server for the distributed tests: its own free loopback port and temporary
 * directory, append-only file on (so a restart keeps the queue, as in production), stopped and
 * removed afterwards. `.ci/run` installs redis-server when the machine lacks it.
 */

export interface TestRedis {
  port: number;
  url: string;
  dir: string;
  /** Stops the server the hard way (SIGKILL: no final save) and starts it again on the same port. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface RedisOptions {
  password?: string;
  /** Serve TLS only (`rediss://`), with this certificate and key (PEM files). */
  tls?: { cert: string; key: string };
  /** Redis's `maxmemory-policy` (default `noeviction`, what the queue needs). */
  evictionPolicy?: string;
}

export async function startRedis(options: RedisOptions = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "vaec-redis-"));
  const listen = options.tls
    ? ["--port", "0", "--tls-port", String(port), "--tls-cert-file", options.tls.cert]
    : ["--port", String(port)];
  const tlsKey = options.tls ? ["--tls-key-file", options.tls.key, "--tls-auth-clients", "no"] : [];
  const args = [
    ...listen,
    ...tlsKey,
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    "yes",
    "--appendfsync",
    "always",
    "--maxmemory-policy",
    options.evictionPolicy ?? "noeviction",
    ...(options.password ? ["--requirepass", options.password] : []),
  ];
  let server: ChildProcess | null = null;
  const launch = async () => {
    const started = spawn("redis-server", args, { stdio: "ignore" });
    server = started;
    const failed = new Promise<never>((_, reject) =>
      started.once("error", (error) =>
        reject(
          new Error(
            `cannot start redis-server (${error.message}): install it with \`apt-get install redis-server\` (.ci/run does)`,
          ),
        ),
      ),
    );
    const ready = waitForPort(port);
    // Whichever loses the race must not end as an unhandled rejection.
    ready.catch(() => {});
    failed.catch(() => {});
    await Promise.race([ready, failed]);
  };
  const kill = async () => {
    const s = server as ChildProcess | null;
    if (!s || s.exitCode !== null) return;
    const exited = new Promise((resolve) => s.once("exit", resolve));
    s.kill("SIGKILL");
    await exited;
  };
  await launch();
  const auth = options.password ? `:${options.password}@` : "";
  return {
    port,
    dir,
    url: `${options.tls ? "rediss" : "redis"}://${auth}127.0.0.1:${port}`,
    async restart(downMs = 1000) {
      await kill();
      await sleep(downMs);
      await launch();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => (socket.destroy(), resolve(false)));
      socket.connect(port, "127.0.0.1");
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`redis-server did not open port ${port} within ${timeoutMs} ms`);
}
