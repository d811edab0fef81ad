import type { Diagnostic } from "@vaec/compiler";
import { pointCrashed } from "./distributed-diagnostics.js";

/*
 * How a point's failure travels through Redis. A point that fails with coded diagnostics (a data
 * error, a loss that became NaN) fails the same way on every machine, so it is thrown as BullMQ's
 * UnrecoverableError (no retries) with the diagnostics as JSON in the message, which BullMQ keeps
 * as the job's `failedReason`. Anything else (a crash, a killed child, a lost lock) is retried
 * with back-off, and if it is still failing after the last attempt the submitter reports it as
 * VAE617.
 */

const PREFIX = "vaec-diagnostics:";

/** The error a processor throws for a point that failed with diagnostics. */
export function diagnosticsFailure(diagnostics: Diagnostic[]): Error {
  const error = new Error(PREFIX + JSON.stringify(diagnostics));
  // An own property, so BullMQ's sandbox carries the name across the process boundary and the
  // worker skips the retries.
  Object.defineProperty(error, "name", { value: "UnrecoverableError", enumerable: true });
  return error;
}

/** The diagnostics of a failed job, from its `failedReason`. */
export function failureDiagnostics(
  jobId: string,
  failedReason: string | undefined,
  attempts: number,
): Diagnostic[] {
  const reason = failedReason ?? "no reason recorded";
  if (reason.startsWith(PREFIX)) {
    try {
      const parsed = JSON.parse(reason.slice(PREFIX.length)) as Diagnostic[];
      if (Array.isArray(parsed) && parsed.length > 0) return parsed;
    } catch {
      // Fall through: a damaged reason is still a failure worth reporting.
    }
  }
  return [pointCrashed(jobId, attempts, reason.split("\n")[0])];
}
