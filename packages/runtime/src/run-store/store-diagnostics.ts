import type { Diagnostic } from "@vaec/compiler";
import { NOWHERE, runtimeDiagnostic } from "../backend/runtime-diagnostic.js";
import { diag } from "../diagnostics/diag.js";
import type { FileFormat } from "./versions.js";

/*
 * Diagnostics of the run store (VAE545-VAE559), one constructor per code; the long explanations
 * are in the catalogue (src/diagnostics/run-codes.ts) and docs/runs.md.
 */

export interface LockOwnerInfo {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/** VAE545: another process holds the run's lock; nothing was touched. */
export function runLocked(runDir: string, owner: LockOwnerInfo, sameHost: boolean): Diagnostic {
  return runtimeDiagnostic(
    diag.runLocked(NOWHERE, {
      runDir,
      command: owner.command,
      pid: owner.pid,
      host: owner.host,
      startedAt: owner.startedAt,
    }),
    {
      notes: ["nothing in the run directory was changed"],
      help: sameHost
        ? "wait for that process to finish (or stop it with Ctrl-C), then run this again"
        : `wait for it to finish; if that machine's process is gone, delete \`${runDir}/run.lock\``,
    },
  );
}

/** VAE546: the run at these settings exists but did not finish; it is resumed only on request. */
export function unfinishedRun(
  runDir: string,
  status: string,
  step: number,
  totalSteps: number,
  command: string,
): Diagnostic {
  const diverged = status === "diverged";
  return runtimeDiagnostic(
    diag.unfinishedRun(NOWHERE, {
      runDir,
      state: diverged ? "diverged" : "stopped",
      step,
      totalSteps,
      status,
    }),
    {
      notes: [
        "a run is reused only when it finished at exactly the requested settings, and continued only when asked",
      ],
      help: diverged
        ? `lower the learning rate or beta and train again, or delete \`${runDir}\` to start over (\`${command} --resume\` retries from step ${step})`
        : `continue it with \`${command} --resume\`, or delete \`${runDir}\` to start over`,
    },
  );
}

/** VAE547: a file of the run was written in another format version. */
export function incompatibleVersion(file: string, format: FileFormat, found: unknown): Diagnostic {
  const newer = typeof found === "number" && found > format.version;
  const shown = found === undefined ? "no version (an older vaec)" : `version ${String(found)}`;
  return runtimeDiagnostic(
    diag.incompatibleVersion(NOWHERE, { file, what: format.what, shown, version: format.version }),
    {
      help: newer
        ? "it was written by a newer vaec: upgrade vaec to read it"
        : "it was written by an older vaec and cannot be read: delete the run folder and train again",
    },
  );
}

/** VAE548: a run file that is not what its name says (truncated, edited, not JSON). */
export function damagedRunFile(file: string, reason: string): Diagnostic {
  return runtimeDiagnostic(diag.damagedRunFile(NOWHERE, { file, reason }), {
    help: "the run directory was changed by hand or by a crash outside vaec; delete the run folder and train again",
  });
}

const DISK_FULL: Record<string, string> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EROFS: "the file system is read-only",
};

/** VAE549: the disk is full (or over quota, or read-only) while the run store writes a file. */
export function diskFull(file: string, errno: string): Diagnostic {
  return runtimeDiagnostic(diag.diskFull(NOWHERE, { file, reason: DISK_FULL[errno] }), {
    notes: [
      "the half-written file was removed; the run's earlier checkpoints, metrics and results are intact",
    ],
    help:
      errno === "EROFS"
        ? "write the runs somewhere writable with `--out DIR`"
        : "free some space (old runs under `runs/` are safe to delete), then continue with `--resume`, or use `--out DIR` on another disk",
  });
}

/** VAE550: any other failure to write a run file (permissions, a folder in the way). */
export function cannotWrite(file: string, reason: string): Diagnostic {
  return runtimeDiagnostic(diag.cannotWrite(NOWHERE, { file, reason }), {
    notes: ["the half-written file was removed; nothing else was changed"],
    help: "check the folder's permissions, or write the runs elsewhere with `--out DIR`",
  });
}

/** VAE551: the folder's run record names another run than the one asked for. */
export function foreignRun(runDir: string, found: string, expected: string): Diagnostic {
  return runtimeDiagnostic(
    diag.foreignRun(NOWHERE, {
      runDir,
      found: found.slice(0, 16),
      expected: expected.slice(0, 16),
    }),
    {
      notes: ["the folder name keeps 8 hex digits of the run id; the run record keeps all of them"],
      help: "the folder was copied or renamed by hand; move it away (or delete it) and run again",
    },
  );
}

export const DISK_FULL_CODES: ReadonlySet<string> = new Set(Object.keys(DISK_FULL));
