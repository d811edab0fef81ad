import { internalError, type Diagnostic } from "@vaec/compiler";
import { BackendError } from "../backend/backend-diagnostics.js";
import { initBackend } from "../backend/init-backend.js";
import { runStudyPoint } from "./run-point.js";
import type { ChildMessage, ParentMessage } from "./study-events.js";

/*
 * A pool child (pool.ts forks this file, with a TypeScript loader in its execArgv): it starts the backend once,
 * then runs the points the parent sends, one at a time, and reports progress and each outcome
 * over the IPC channel. When the parent dies (even by kill -9) the channel closes and the child
 * exits at once: the run store reads its run as interrupted, and a re-run resumes it.
 */

const send = (message: ChildMessage) => process.send?.(message);
let stopRequested = false;
let backend: string | undefined;

process.once("disconnect", () => process.exit(1));

process.on("message", (message: ParentMessage) => {
  if (message.type === "stop") {
    stopRequested = true;
    return;
  }
  void runOne(message).catch((error: unknown) => {
    send({
      type: "failed",
      id: message.point.id,
      diagnostics: [internalError(error, { withStack: true })],
    });
  });
});

async function runOne(message: Extract<ParentMessage, { type: "run" }>): Promise<void> {
  const { point, options } = message;
  if (backend === undefined) {
    try {
      // A malformed switch (VAE534) does not stop the point: the study shows it as a note.
      const onWarning = (d: Diagnostic) =>
        send({ type: "note", id: point.id, text: `${d.severity}[${d.code}]: ${d.message}` });
      backend = (await initBackend({ backend: options.backend, onWarning })).name;
    } catch (error) {
      if (!(error instanceof BackendError)) throw error;
      send({ type: "failed", id: point.id, diagnostics: error.diagnostics });
      return;
    }
  }
  const outcome = await runStudyPoint(point, {
    studyDir: options.studyDir,
    backend,
    resume: options.resume,
    shouldStop: () => stopRequested,
    onProgress: (progress) => send({ type: "progress", id: point.id, progress }),
    onNote: (text) => send({ type: "note", id: point.id, text }),
  });
  if (outcome.record) {
    send({
      type: "done",
      id: point.id,
      record: outcome.record,
      reused: outcome.reused,
      diagnostics: outcome.diagnostics,
    });
  } else {
    send({ type: "failed", id: point.id, diagnostics: outcome.diagnostics });
  }
}

send({ type: "ready" });
