import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireRunLock, isStale, lockHolder, STALE_AFTER_MS } from "./run-lock.js";

/* The run lock, with real second processes: refused while held, taken over once its owner is dead. */

const root = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-lock-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let n = 0;
const freshRun = () => path.join(root, `run-${n++}`);

/** A child process that takes the lock and holds it until killed; resolves once it holds it. */
function holder(runDir: string): Promise<ChildProcess> {
  const script = path.join(root, "hold.mts");
  fs.writeFileSync(
    script,
    `import { acquireRunLock } from ${JSON.stringify(path.join(import.meta.dirname, "run-lock.ts"))};
const lock = acquireRunLock(process.argv[2], "vaec train held.vae");
if (!lock.result) { console.log("refused"); process.exit(3); }
console.log("locked");
setInterval(() => {}, 1000);
`,
  );
  const child = spawn(
    process.execPath,
    ["--conditions=@vaec/source", "--import", "tsx", script, runDir],
    {
      cwd: import.meta.dirname,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (String(chunk).includes("locked")) resolve(child);
      else reject(new Error(String(chunk)));
    });
    child.on("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on("exit", () => resolve());
  });

describe("run lock", () => {
  it("refuses a second writer in this process and frees on release", () => {
    const runDir = freshRun();
    const first = acquireRunLock(runDir, "vaec train a.vae");
    expect(first.result).toBeDefined();
    const second = acquireRunLock(runDir, "vaec attack a.vae");
    expect(second.diagnostics.map((d) => d.code)).toEqual(["VAE545"]);
    first.result!.release();
    expect(fs.existsSync(path.join(runDir, "run.lock"))).toBe(false);
    const third = acquireRunLock(runDir, "vaec attack a.vae");
    expect(third.result).toBeDefined();
    third.result!.release();
  });

  it("refuses while another process holds it, naming it, and takes it over once it is killed", async () => {
    const runDir = freshRun();
    fs.mkdirSync(runDir);
    fs.writeFileSync(path.join(runDir, "keep.txt"), "precious");
    const child = await holder(runDir);
    try {
      const refused = acquireRunLock(runDir, "vaec train other.vae");
      expect(refused.result).toBeUndefined();
      const [diagnostic] = refused.diagnostics;
      expect(diagnostic.code).toBe("VAE545");
      expect(diagnostic.message).toContain(`pid ${child.pid} on ${os.hostname()}`);
      expect(diagnostic.message).toContain("`vaec train held.vae`");
      expect(lockHolder(runDir)?.pid).toBe(child.pid);
      expect(fs.readdirSync(runDir).sort()).toEqual(["keep.txt", "run.lock"]);
    } finally {
      child.kill("SIGKILL");
      await exited(child);
    }
    // The dead owner's lock is still there, and stale.
    expect(fs.existsSync(path.join(runDir, "run.lock"))).toBe(true);
    expect(lockHolder(runDir)).toBeNull();
    const taken = acquireRunLock(runDir, "vaec train other.vae");
    expect(taken.diagnostics).toEqual([]);
    expect(lockHolder(runDir)?.pid).toBe(process.pid);
    taken.result!.release();
    expect(fs.readFileSync(path.join(runDir, "keep.txt"), "utf8")).toBe("precious");
  });

  it("is released when its holder gets SIGTERM", async () => {
    const runDir = freshRun();
    const child = await holder(runDir);
    child.kill("SIGTERM");
    await exited(child);
    expect(fs.existsSync(path.join(runDir, "run.lock"))).toBe(false);
  });

  it("takes over a lock whose pid is dead on this host", () => {
    const runDir = freshRun();
    fs.mkdirSync(runDir);
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const owner = {
      pid: dead,
      host: os.hostname(),
      startedAt: "2020-01-01T00:00:00Z",
      command: "x",
    };
    fs.writeFileSync(path.join(runDir, "run.lock"), JSON.stringify(owner));
    const taken = acquireRunLock(runDir, "vaec train a.vae");
    expect(taken.diagnostics).toEqual([]);
    taken.result!.release();
  });

  it.runIf(process.platform === "linux")(
    "takes over a lock whose pid is a zombie that nobody reaps",
    async () => {
      const runDir = freshRun();
      fs.mkdirSync(runDir);
      // `sleep 0` exits at once, but its parent becomes `sleep 3` (exec), which never reaps it.
      const shell = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 3"]);
      const zombie = await new Promise<number>((resolve) =>
        shell.stdout!.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
      );
      for (let i = 0; i < 50; i++) {
        const stat = fs.readFileSync(`/proc/${zombie}/stat`, "utf8");
        if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const owner = { pid: zombie, host: os.hostname(), startedAt: "2020", command: "x" };
      fs.writeFileSync(path.join(runDir, "run.lock"), JSON.stringify(owner));
      const taken = acquireRunLock(runDir, "vaec train a.vae");
      shell.kill();
      expect(taken.diagnostics).toEqual([]);
      taken.result!.release();
    },
  );

  it("reports a folder that cannot be created as VAE550, not a crash", () => {
    const file = path.join(root, "a-file");
    fs.writeFileSync(file, "");
    const refused = acquireRunLock(path.join(file, "run"), "vaec train a.vae");
    expect(refused.diagnostics.map((d) => d.code)).toEqual(["VAE550"]);
    expect(refused.diagnostics[0].message).toContain("ENOTDIR");
  });

  it("judges another host's lock by how long since it was touched", () => {
    const owner = { pid: 1, host: "elsewhere", startedAt: "", command: "vaec train" };
    const now = Date.now();
    expect(isStale(owner, now - 60_000, now)).toBe(false);
    expect(isStale(owner, now - STALE_AFTER_MS - 1, now)).toBe(true);
    expect(isStale({ ...owner, host: os.hostname(), pid: process.pid }, 0, now)).toBe(false);
  });
});
