import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Diagnostic } from "@vaec/compiler";
import { runPaths } from "./layout.js";
import { runLocked, type LockOwnerInfo } from "./store-diagnostics.js";
import { writeFailure } from "./store-error.js";

/*
 * One writer per run directory: `run.lock`, created with O_EXCL (open "wx"), holding the owner's
 * pid, host, start time and command. A lock is stale when its pid is dead on this host, or, from
 * another host (a shared disk), when its holder has not touched it for STALE_AFTER_MS; stale
 * locks are taken over. Taking over is itself serialised by a second O_EXCL file, so two
 * processes that find the same stale lock cannot both win. The holder removes the lock when it
 * is done, on errors (callers release in `finally`), on exit and on SIGINT/SIGTERM; a SIGKILL
 * leaves it behind, dead-pid stale. Why not proper-lockfile: see packages/runtime/README.md.
 */

export type LockOwner = LockOwnerInfo;

/** A lock from another host is stale when untouched this long (the holder touches it every minute). */
export const STALE_AFTER_MS = 30 * 60 * 1000;
const HEARTBEAT_MS = 60 * 1000;
/** A takeover file older than this was left by a process that died mid-takeover. */
const TAKEOVER_STALE_MS = 10 * 1000;

export interface RunLock {
  file: string;
  owner: LockOwner;
  /** Refreshes the lock's mtime (at most once a minute), so other hosts see it is alive. */
  heartbeat(): void;
  release(): void;
}

const held = new Set<RunLock>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/**
 * A killed process whose parent died too stays a zombie until something reaps it (in a
 * container whose first process never does, for good): signal 0 still reaches it, but it holds
 * nothing. Linux says so in /proc; elsewhere a process that answers counts as alive.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state === "Z" || state === "X";
  } catch {
    return false;
  }
}

function readOwner(file: string): { owner: LockOwner; mtimeMs: number } | null {
  try {
    const mtimeMs = fs.statSync(file).mtimeMs;
    const owner = JSON.parse(fs.readFileSync(file, "utf8")) as LockOwner;
    return { owner, mtimeMs };
  } catch {
    return null;
  }
}

/** Whether a lock held by `owner`, last touched at `mtimeMs`, is abandoned. */
export function isStale(owner: LockOwner, mtimeMs: number, now = Date.now()): boolean {
  if (typeof owner?.pid !== "number" || typeof owner.host !== "string") return true;
  if (owner.host === os.hostname()) return !pidAlive(owner.pid);
  return now - mtimeMs > STALE_AFTER_MS;
}

/** The live holder of the run's lock, or null when it is free or stale. */
export function lockHolder(runDir: string): LockOwner | null {
  const found = readOwner(runPaths(runDir).lock);
  return found && !isStale(found.owner, found.mtimeMs) ? found.owner : null;
}

/** Whether two lock owners are the same holding (same process, same acquisition). */
export function sameOwner(a: LockOwner, b: LockOwner | undefined): boolean {
  return b !== undefined && a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt;
}

function tryCreate(file: string, owner: LockOwner): boolean {
  try {
    const fd = fs.openSync(file, "wx");
    try {
      fs.writeSync(fd, JSON.stringify(owner) + "\n");
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Removes the stale lock `seen` unless someone replaced it meanwhile; true when it is gone. */
function breakStale(file: string, seen: LockOwner): boolean {
  const takeover = `${file}.takeover`;
  try {
    if (Date.now() - fs.statSync(takeover).mtimeMs > TAKEOVER_STALE_MS) {
      fs.rmSync(takeover, { force: true });
    }
  } catch {
    // No takeover in progress.
  }
  if (!tryCreate(takeover, seen)) return false;
  try {
    const now = readOwner(file);
    if (now && !sameOwner(now.owner, seen)) return false;
    fs.rmSync(file, { force: true });
    return true;
  } finally {
    fs.rmSync(takeover, { force: true });
  }
}

/**
 * Takes the run's lock for `command` (e.g. "vaec train"), creating the run directory if needed;
 * VAE545 naming the holder when a live process has it. Nothing else in the folder is touched.
 */
export function acquireRunLock(
  runDir: string,
  command: string,
): { result?: RunLock; diagnostics: Diagnostic[] } {
  try {
    return tryAcquire(runDir, command);
  } catch (error) {
    // The folder cannot be created or written (permissions, a full disk): VAE549/VAE550.
    return { diagnostics: [writeFailure(runPaths(runDir).lock, error).diagnostic] };
  }
}

function tryAcquire(
  runDir: string,
  command: string,
): { result?: RunLock; diagnostics: Diagnostic[] } {
  fs.mkdirSync(runDir, { recursive: true });
  const file = runPaths(runDir).lock;
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    command,
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, owner)) return { result: holdLock(file, owner), diagnostics: [] };
    const found = readOwner(file);
    if (!found) continue; // released between our open and our read
    if (!isStale(found.owner, found.mtimeMs)) {
      return {
        diagnostics: [runLocked(runDir, found.owner, found.owner.host === os.hostname())],
      };
    }
    breakStale(file, found.owner);
  }
  const found = readOwner(file);
  const holder = found?.owner ?? { ...owner, pid: -1, command: "another process" };
  return { diagnostics: [runLocked(runDir, holder, holder.host === os.hostname())] };
}

function holdLock(file: string, owner: LockOwner): RunLock {
  let touched = Date.now();
  const lock: RunLock = {
    file,
    owner,
    heartbeat() {
      const now = Date.now();
      if (now - touched < HEARTBEAT_MS) return;
      touched = now;
      try {
        fs.utimesSync(file, now / 1000, now / 1000);
      } catch {
        // A lock that vanished is noticed by whoever looks next; training goes on.
      }
    },
    release() {
      if (!held.delete(lock)) return;
      const current = readOwner(file);
      if (current && sameOwner(current.owner, owner)) {
        fs.rmSync(file, { force: true });
      }
    },
  };
  if (held.size === 0) installExitHandlers();
  held.add(lock);
  return lock;
}

function releaseAll(): void {
  for (const lock of [...held]) lock.release();
}

let installed = false;

/**
 * Releases held locks when the process ends: on exit (also after `process.exit`), and on SIGINT
 * or SIGTERM when nothing else handles them (a command with its own Ctrl-C handling, like
 * training's graceful stop, releases in its `finally` instead).
 */
function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on("exit", releaseAll);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const handler = () => {
      if (process.listenerCount(signal) > 1) return;
      releaseAll();
      process.off(signal, handler);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

/** The lock's path, for messages. */
export function lockFile(runDir: string): string {
  return path.normalize(runPaths(runDir).lock);
}
