import type { Diagnostic } from "@vaec/compiler";
import { NOWHERE, runtimeDiagnostic } from "../backend/runtime-diagnostic.js";
import { diag } from "../diagnostics/diag.js";

/*
 * Diagnostics of grids run on a Redis queue (VAE610-VAE619), one constructor per code; the long
 * explanations are in the catalogue (src/diagnostics/distributed-codes.ts). Every message names the queue by its redacted
 * URL: a password never reaches a terminal or a log.
 */

const URL_HELP =
  "write it as `redis://[user:password@]host:port[/db]`, or `rediss://...` for TLS, e.g. `redis://:secret@10.0.0.5:6379/0`";

/** VAE610: the --queue URL cannot be read. */
export function badQueueUrl(url: string, reason: string): Diagnostic {
  return runtimeDiagnostic(diag.badQueueUrl(NOWHERE, { url, reason }), {
    help: URL_HELP,
  });
}

/** VAE611: the Redis server at the URL cannot be reached (refused, unknown host, TLS, timeout). */
export function redisUnreachable(url: string, reason: string): Diagnostic {
  return runtimeDiagnostic(diag.redisUnreachable(NOWHERE, { url, reason }), {
    notes: [
      "`redis-cli -u URL ping` from this machine answers `PONG` when the server is reachable",
    ],
    help: "start the server (`systemctl start redis-server`), check host, port and firewall, and use `rediss://` only when the server speaks TLS",
  });
}

/** VAE612: Redis refused the user name or password in the URL. */
export function redisAuthRefused(url: string, reason: string): Diagnostic {
  return runtimeDiagnostic(diag.redisAuthRefused(NOWHERE, { url, reason }), {
    help: "put the server's password in the URL (`redis://:PASSWORD@host:port`, or `redis://USER:PASSWORD@...` for an ACL user)",
  });
}

/** VAE613: the server is older than BullMQ's minimum (Redis 6.2). */
export function redisTooOld(url: string, version: string): Diagnostic {
  return runtimeDiagnostic(diag.redisTooOld(NOWHERE, { url, version }), {
    help: "upgrade the server (Debian 12's `redis-server` package is 7.0)",
  });
}

/** VAE614: Redis may evict keys under memory pressure, which would silently drop queued jobs. */
export function evictingRedis(url: string, policy: string): Diagnostic {
  return runtimeDiagnostic(diag.evictingRedis(NOWHERE, { url, policy }), {
    help: "set `maxmemory-policy noeviction` in redis.conf (or `redis-cli CONFIG SET maxmemory-policy noeviction`)",
  });
}

/** VAE615: a queued point reads data outside the worker's --data-root. */
export function dataOutsideRoot(what: string, path: string, dataRoot: string): Diagnostic {
  return runtimeDiagnostic(diag.dataOutsideRoot(NOWHERE, { what, path, dataRoot }), {
    notes: [
      "a worker reads only files under its `--data-root`, so whoever can write to the queue cannot make it read anything else",
    ],
    help: "give the spec a data path relative to its folder and copy the data under every worker's `--data-root` at that same relative path",
  });
}

/** VAE616: a job on the queue that this worker cannot run as the submitter meant it. */
export function unrunnableJob(jobId: string, reason: string, help: string): Diagnostic {
  return runtimeDiagnostic(diag.unrunnableJob(NOWHERE, { jobId, reason }), {
    help,
  });
}

/** VAE617: a point failed on the workers without a diagnostic of its own, on every attempt. */
export function pointCrashed(jobId: string, attempts: number, reason: string): Diagnostic {
  return runtimeDiagnostic(
    diag.pointCrashed(NOWHERE, { jobId, attempts, plural: attempts === 1 ? "" : "s", reason }),
    {
      notes: [
        "a crash, an out-of-memory kill or a lost worker, not an error in the spec (that would carry its own code)",
      ],
      help: "read the worker's log for that point; run `vaec sweep ... --queue URL` again to retry it",
    },
  );
}

/** VAE618: a point's job disappeared from Redis while the submitter waited for it. */
export function jobLost(jobId: string, url: string): Diagnostic {
  return runtimeDiagnostic(diag.jobLost(NOWHERE, { jobId, url }), {
    notes: ["someone removed it, or Redis evicted it or restarted without its append-only file"],
    help: "run the same `vaec sweep ... --queue URL` again: it queues the missing points anew",
  });
}
