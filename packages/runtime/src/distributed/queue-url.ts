import type { Diagnostic, Result } from "@vaec/compiler";
import { badQueueUrl } from "./distributed-diagnostics.js";

/*
 * The --queue URL, `redis://[user:password@]host:port[/db]` or `rediss://` for TLS, read into
 * the pieces a Redis client needs, plus a redacted form for messages. The password is kept out
 * of every message, progress line and error: terminals and CI logs are not secret.
 */

export interface QueueTarget {
  host: string;
  port: number;
  /** Database number (the URL's path), 0 when absent. */
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL with the password replaced by `***`, for messages. */
  display: string;
}

export const DEFAULT_REDIS_PORT = 6379;

export function parseQueueUrl(url: string): Result<QueueTarget> {
  const fail = (reason: string): { diagnostics: Diagnostic[] } => ({
    diagnostics: [badQueueUrl(redactUrl(url), reason)],
  });
  if (!url.includes("://")) return fail("it has no `redis://` scheme");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail("it is not a well-formed URL");
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    return fail(`the scheme is \`${parsed.protocol.slice(0, -1)}\`, not \`redis\` or \`rediss\``);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "") return fail("it names no host");
  const port = parsed.port === "" ? DEFAULT_REDIS_PORT : Number(parsed.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return fail(`the port \`${parsed.port}\` is not between 1 and 65535`);
  }
  const path = parsed.pathname.replace(/^\//, "");
  if (path !== "" && !/^\d{1,5}$/.test(path)) {
    return fail(`the path \`/${path}\` is not a database number`);
  }
  if (parsed.search !== "" || parsed.hash !== "") {
    return fail("it has a query or fragment; vaec takes only user, password, host, port and db");
  }
  let username: string | undefined;
  let password: string | undefined;
  try {
    username = parsed.username === "" ? undefined : decodeURIComponent(parsed.username);
    password = parsed.password === "" ? undefined : decodeURIComponent(parsed.password);
  } catch {
    return fail("the user or password has a broken %-escape");
  }
  return {
    result: {
      host,
      port,
      db: path === "" ? 0 : Number(path),
      username,
      password,
      tls: parsed.protocol === "rediss:",
      display: redactUrl(url),
    },
    diagnostics: [],
  };
}

/** The URL with any password replaced by `***` (works on malformed URLs too). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, "$1***@");
}
