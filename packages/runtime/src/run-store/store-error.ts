import path from "node:path";
import type { Diagnostic } from "@vaec/compiler";
import { cannotWrite, DISK_FULL_CODES, diskFull } from "./store-diagnostics.js";

/**
 * A run-store write that failed, carrying its coded diagnostic (VAE549 disk full, VAE550 other).
 * Thrown from deep inside training (a checkpoint, a metrics line) and caught where the run's
 * session ends, so the session can be recorded and the lock released before reporting.
 */
export class RunStoreError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = "RunStoreError";
  }
}

/** The store's error for a failed write of `file` (relative paths are shown as given). */
export function writeFailure(file: string, error: unknown): RunStoreError {
  if (error instanceof RunStoreError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
  const shown = path.normalize(file);
  if (DISK_FULL_CODES.has(code)) return new RunStoreError(diskFull(shown, code));
  const message = error instanceof Error ? error.message : String(error);
  return new RunStoreError(cannotWrite(shown, message.charAt(0).toLowerCase() + message.slice(1)));
}

/** Runs `work`, turning a RunStoreError into its diagnostic; other errors propagate. */
export function catchStoreError<T>(work: () => T): { result?: T; diagnostics: Diagnostic[] } {
  try {
    return { result: work(), diagnostics: [] };
  } catch (error) {
    if (error instanceof RunStoreError) return { diagnostics: [error.diagnostic] };
    throw error;
  }
}
