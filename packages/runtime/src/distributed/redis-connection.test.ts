import { describe, expect, it } from "vitest";
import { serverVersion } from "./redis-connection.js";

/*
 * VAE613: a Redis older than BullMQ's minimum (6.2), read from the server's `INFO server` reply
 * as `probeRedis` reads it. No old server is at hand in a test, so the replies are written out
 * in the form every Redis sends (a `# Server` section of `key:value` lines, CRLF-terminated).
 */

const info = (version: string) =>
  [
    "# Server",
    `redis_version:${version}`,
    "redis_git_sha1:00000000",
    "redis_mode:standalone",
    "",
  ].join("\r\n");
const display = "redis://:***@old-box:6379";

describe("the Redis version check", () => {
  it.each(["5.0.7", "6.0.16", "6.1.9"])("refuses Redis %s with VAE613", (version) => {
    const checked = serverVersion(info(version), display);
    expect(checked.result).toBeUndefined();
    expect(checked.diagnostics).toHaveLength(1);
    expect(checked.diagnostics[0]).toMatchObject({ code: "VAE613", severity: "error" });
    expect(checked.diagnostics[0].message).toBe(
      `Redis at \`${display}\` is version ${version}; the queue needs Redis 6.2 or newer`,
    );
    expect(checked.diagnostics[0].help).toContain("upgrade the server");
  });

  it.each(["6.2.0", "6.2.14", "7.0.15", "10.0.0"])("accepts Redis %s", (version) => {
    expect(serverVersion(info(version), display)).toEqual({ result: version, diagnostics: [] });
  });

  it("refuses a reply with no version as too old rather than guessing", () => {
    expect(serverVersion("# Server\r\n", display).diagnostics[0].code).toBe("VAE613");
  });
});
