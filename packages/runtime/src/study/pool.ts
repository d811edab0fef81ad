import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "@vaec/compiler";
import type { PointRecord } from "./point-record.js";
import { workerDied } from "./study-diagnostics.js";
import type { ChildMessage, ParentMessage, StudyEvent } from "./study-events.js";
import type { StudyPoint } from "./study-point.js";

/*
 * The local pool (`vaec sweep --jobs N`): N child processes (point-process.ts), each running one
 * point at a time through `runStudyPoint`, fed from a queue in grid order. A child that dies
 * mid-point (kill -9, out of memory) fails that point with VAE561 and is replaced; the other
 * points go on. Children exit by themselves when the parent dies. Nothing is computed twice on a
 * re-run: finished points have records, and unfinished runs continue from their checkpoints.
 */

export interface PoolOptions {
  jobs: number;
  studyDir: string;
  backend?: string;
  resume?: boolean;
  /** Node flags for the children: a TypeScript loader (`--import <tsx/esm>`) when run from source. */
  execArgv?: string[];
  onEvent?: (event: StudyEvent) => void;
}

export interface PoolResult {
  records: PointRecord[];
  failed: Array<{ point: StudyPoint; diagnostics: Diagnostic[] }>;
  /** True when `stop()` was called before every point ran. */
  stopped: boolean;
}

export interface RunningPool {
  done: Promise<PoolResult>;
  /** Asks every child to checkpoint and stop (Ctrl-C); queued points are not started. */
  stop(): void;
  /** Kills the children at once (a second Ctrl-C). */
  kill(): void;
}

// The child beside this file: point-process.ts from source, point-process.js when built.
const CHILD = fileURLToPath(
  new URL(`./point-process${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

export function runPointPool(points: readonly StudyPoint[], options: PoolOptions): RunningPool {
  const emit = options.onEvent ?? (() => {});
  const queue = [...points];
  const result: PoolResult = { records: [], failed: [], stopped: false };
  const children = new Set<ChildProcess>();
  let stopping = false;

  const slot = (worker: number): Promise<void> =>
    new Promise((resolve) => {
      let current: StudyPoint | undefined;
      let ready = false;
      let started = 0;
      const child = fork(CHILD, [], {
        execArgv: options.execArgv ?? [],
        stdio: ["ignore", "ignore", "pipe", "ipc"],
        env: { ...process.env, NO_COLOR: "1" },
      });
      children.add(child);
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-4000);
      });
      const next = () => {
        current = stopping ? undefined : queue.shift();
        if (!current) {
          child.disconnect();
          return;
        }
        started = performance.now();
        emit({
          event: "point-start",
          id: current.id,
          label: current.label,
          runDir: current.runDir,
          worker,
        });
        const message: ParentMessage = {
          type: "run",
          point: current,
          options: { studyDir: options.studyDir, backend: options.backend, resume: options.resume },
        };
        child.send(message);
      };
      child.on("message", (message: ChildMessage) => {
        if (message.type === "ready") {
          ready = true;
          return next();
        }
        if (!current || message.id !== current.id) return;
        const point = current;
        switch (message.type) {
          case "progress":
            emit({ event: "progress", id: point.id, ...message.progress });
            return;
          case "note":
            emit({ event: "note", id: point.id, text: message.text });
            return;
          case "done":
            result.records.push(message.record);
            emit({
              event: "point-done",
              id: point.id,
              label: point.label,
              runDir: message.record.runDir,
              reused: message.reused,
              training: message.record.training,
              step: message.record.step,
              seconds: Math.round((performance.now() - started) / 100) / 10,
              record: `${options.studyDir}/points/${point.id}.json`,
            });
            return next();
          case "failed":
            result.failed.push({ point, diagnostics: message.diagnostics });
            emit({
              event: "point-failed",
              id: point.id,
              label: point.label,
              runDir: point.runDir,
              diagnostics: message.diagnostics,
            });
            return next();
        }
      });
      child.on("exit", (code, signal) => {
        children.delete(child);
        // A child that dies before it is ready (a broken install, no memory) fails the point it
        // would have run, with its stderr, rather than leaving the queue silently unrun.
        if (!ready && !stopping) current = queue.shift();
        if (current) {
          const died = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          const how = ready ? died : `${died} before it started`;
          const tail = stderr.trim().split("\n").slice(-5);
          const diagnostic = workerDied(current.label, how, current.runDir);
          if (tail.length > 0 && tail[0] !== "")
            diagnostic.notes.push(...tail.map((l) => `stderr: ${l}`));
          result.failed.push({ point: current, diagnostics: [diagnostic] });
          emit({
            event: "point-failed",
            id: current.id,
            label: current.label,
            runDir: current.runDir,
            diagnostics: [diagnostic],
          });
          current = undefined;
          // The slot goes on with a fresh child while points remain.
          if (!stopping && queue.length > 0) return void slot(worker).then(resolve);
        }
        resolve();
      });
    });

  const jobs = Math.max(1, Math.min(options.jobs, points.length));
  const done = Promise.all(
    Array.from({ length: points.length === 0 ? 0 : jobs }, (_, i) => slot(i + 1)),
  ).then(() => {
    result.stopped = stopping && queue.length > 0;
    return result;
  });
  return {
    done,
    stop() {
      stopping = true;
      for (const child of children)
        if (child.connected) child.send({ type: "stop" } satisfies ParentMessage);
    },
    kill() {
      stopping = true;
      for (const child of children) child.kill("SIGKILL");
    },
  };
}
