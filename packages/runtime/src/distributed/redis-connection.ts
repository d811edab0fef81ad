import { isIP } from "node:net";
import { hostname } from "node:os";
import { Redis, type RedisOptions } from "ioredis";
import type { Diagnostic, Result } from "@vaec/compiler";
import {
  evictingRedis,
  redisAuthRefused,
  redisTooOld,
  redisUnreachable,
} from "./distributed-diagnostics.js";
import type { QueueTarget } from "./queue-url.js";

/*
 * Redis connections for the queue. Long-lived ones (workers, the submitter's watch) retry for
 * ever with a capped back-off, so a Redis restart is a pause, not a crash; BullMQ needs
 * `maxRetriesPerRequest: null` for that. Before any of them is opened, `probeRedis` makes one
 * short attempt and turns what went wrong into a coded diagnostic instead of a retry loop.
 */

/** The longest wait between two reconnection attempts. */
const MAX_RECONNECT_MS = 2000;
/** The oldest Redis BullMQ supports. */
const MIN_VERSION = [6, 2];

export function redisOptions(target: QueueTarget, role: string): RedisOptions {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    username: target.username,
    password: target.password,
    // SNI takes host names only; an IP address is checked against the certificate without it.
    tls: target.tls ? (isIP(target.host) ? {} : { servername: target.host }) : undefined,
    connectionName: `vaec-${role}-${hostname()}-${process.pid}`.replace(/[^\w.-]/g, "_"),
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(100 * times, MAX_RECONNECT_MS),
  };
}

/** A long-lived connection that reconnects by itself. */
export function openRedis(target: QueueTarget, role: string): Redis {
  return new Redis(redisOptions(target, role));
}

export interface RedisInfo {
  version: string;
  /** Null when the server does not let this user read its configuration. */
  evictionPolicy: string | null;
}

/**
 * One connection attempt with no retries: the server's version and eviction policy, or a VAE611
 * (unreachable), VAE612 (credentials) or VAE613 (too old) diagnostic. A policy other than
 * `noeviction` adds the VAE614 warning.
 */
export async function probeRedis(
  target: QueueTarget,
  timeoutMs = 5000,
): Promise<Result<RedisInfo>> {
  const redis = new Redis({
    ...redisOptions(target, "probe"),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // With no retries, `connect()` rejects with a bare "Connection is closed"; the cause (refused,
  // unknown host, TLS) arrives through this event first.
  let cause: unknown;
  redis.on("error", (error) => (cause ??= error));
  try {
    await redis.connect();
    const checked = serverVersion(await redis.info("server"), target.display);
    const version = checked.result;
    if (version === undefined) return { diagnostics: checked.diagnostics };
    const evictionPolicy = await readEvictionPolicy(redis);
    const diagnostics: Diagnostic[] =
      evictionPolicy !== null && evictionPolicy !== "noeviction"
        ? [evictingRedis(target.display, evictionPolicy)]
        : [];
    return { result: { version, evictionPolicy }, diagnostics };
  } catch (error) {
    return { diagnostics: [connectionDiagnostic(target, cause ?? error)] };
  } finally {
    redis.disconnect();
  }
}

/**
 * The version in the server's `INFO server` reply, or VAE613 when it is older than BullMQ's
 * minimum: checked on the first connection, so a grid does not fail half-way through.
 */
export function serverVersion(info: string, display: string): Result<string> {
  const version = /redis_version:([\d.]+)/.exec(info)?.[1] ?? "0";
  const [major, minor] = version.split(".").map(Number);
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1]))
    return { diagnostics: [redisTooOld(display, version)] };
  return { result: version, diagnostics: [] };
}

async function readEvictionPolicy(redis: Redis): Promise<string | null> {
  try {
    const reply = (await redis.config("GET", "maxmemory-policy")) as string[];
    return reply[1] ?? null;
  } catch {
    // CONFIG is often renamed or denied to application users on managed servers.
    return null;
  }
}

/** What a failed connection or command means for the user, as a coded diagnostic. */
export function connectionDiagnostic(target: QueueTarget, error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  if (/NOAUTH|WRONGPASS|invalid password|invalid username|AUTH.*(failed|without)/i.test(message)) {
    return redisAuthRefused(target.display, firstLine(message));
  }
  const code = (error as { code?: string }).code;
  const reason =
    code === "ECONNREFUSED"
      ? "the connection was refused (no server on that port?)"
      : code === "ENOTFOUND" || code === "EAI_AGAIN"
        ? `the host \`${target.host}\` is unknown`
        : code === "ETIMEDOUT" || /timed? ?out/i.test(message)
          ? "no answer in time (a firewall, or TLS against a plain server?)"
          : firstLine(message);
  return redisUnreachable(target.display, reason);
}

function firstLine(text: string): string {
  return text.split("\n")[0].replace(/\.$/, "");
}
