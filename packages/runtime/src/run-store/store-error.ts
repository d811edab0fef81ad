import path from "node:path";
import type { Diagnostic } from "@vaec/compiler";
import { cannotWrite, DISK_FULL_CODES, diskFull } from "./store-diagnostics.js";

/**
 * A run-store write that failed, carrying its coded diagnostic (VAE549 disk full, VAE550 other).
 * Thrown from deep inside training (a checkpoint, a metrics line) and caught where the run's
 * session ends, so the session can be recorded and the lock released before reporting.
 */
export class RunStoreError extends Error {
  constructor(
    readonly diagnostic: Diagnostic,
    /** The system's error code (`ENOSPC`), or "" when there was none. */
    readonly errno: string,
    /** The underlying failure, in words. */
    readonly reason: string,
  ) {
    super(diagnostic.message);
    this.name = "RunStoreError";
  }
}

/**
 * The store's error for a failed write of `file`. A RunStoreError from a nested write (a file
 * inside a checkpoint's temp folder) is re-addressed to `file`, so the message names what the
 * user knows (the checkpoint) rather than a temporary path.
 */
export function writeFailure(file: string, error: unknown): RunStoreError {
  const errno =
    error instanceof RunStoreError
      ? error.errno
      : ((error as NodeJS.ErrnoException | undefined)?.code ?? "");
  const reason =
    error instanceof RunStoreError
      ? error.reason
      : error instanceof Error
        ? error.message
        : String(error);
  const shown = path.normalize(file);
  if (DISK_FULL_CODES.has(errno)) return new RunStoreError(diskFull(shown, errno), errno, reason);
  // "EACCES: permission denied, open ..." reads as it is; other messages start lowercase.
  const words = /^[A-Z0-9]+:/.test(reason)
    ? reason
    : reason.charAt(0).toLowerCase() + reason.slice(1);
  return new RunStoreError(cannotWrite(shown, words), errno, reason);
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

/** catchStoreError for work that awaits (tensor reads are asynchronous). */
export async function catchStoreErrorAsync<T>(
  work: () => Promise<T>,
): Promise<{ result?: T; diagnostics: Diagnostic[] }> {
  try {
    return { result: await work(), diagnostics: [] };
  } catch (error) {
    if (error instanceof RunStoreError) return { diagnostics: [error.diagnostic] };
    throw error;
  }
}
