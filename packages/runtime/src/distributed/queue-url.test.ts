import { describe, expect, it } from "vitest";
import { parseQueueUrl, redactUrl } from "./queue-url.js";

describe("parseQueueUrl", () => {
  it("reads host, port, db, user, password and TLS", () => {
    const { result } = parseQueueUrl("rediss://alice:s%40cret@queue.lab:6380/3");
    expect(result).toEqual({
      host: "queue.lab",
      port: 6380,
      db: 3,
      username: "alice",
      password: "s@cret",
      tls: true,
      display: "rediss://alice:***@queue.lab:6380/3",
    });
  });

  it("defaults the port to 6379 and the db to 0, and takes a password without a user", () => {
    const { result } = parseQueueUrl("redis://:pw@10.0.0.5");
    expect(result).toMatchObject({ host: "10.0.0.5", port: 6379, db: 0, password: "pw" });
    expect(result?.username).toBeUndefined();
    expect(result?.tls).toBe(false);
    expect(parseQueueUrl("redis://[::1]:7000/").result).toMatchObject({ host: "::1", port: 7000 });
  });

  it.each([
    ["localhost:6379", "no `redis://` scheme"],
    ["http://localhost:6379", "the scheme is `http`"],
    ["redis://localhost:99999", "not a well-formed URL"],
    ["redis://localhost:6379/zero", "not a database number"],
    ["redis://localhost:6379/0?tls=true", "query or fragment"],
    ["redis://:pw@:6379", "not a well-formed URL"],
  ])("refuses %s with VAE610", (url, reason) => {
    const { result, diagnostics } = parseQueueUrl(url);
    expect(result).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].code).toBe("VAE610");
    expect(diagnostics[0].message).toContain(reason);
    expect(diagnostics[0].help).toContain("redis://");
  });

  it("never shows the password, even in a refused URL", () => {
    const { diagnostics } = parseQueueUrl("redis://bob:hunter2@host:6379/x");
    expect(diagnostics[0].message).not.toContain("hunter2");
    expect(redactUrl("redis://:hunter2@h:1")).toBe("redis://:***@h:1");
    expect(redactUrl("redis://h:1/0")).toBe("redis://h:1/0");
  });
});
