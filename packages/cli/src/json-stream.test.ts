import { describe, expect, it, vi } from "vitest";
import { writeJson } from "./json-stream.js";

function written(value: unknown): { text: string; chunks: string[] } {
  const chunks: string[] = [];
  writeJson(value, (chunk) => chunks.push(chunk));
  return { text: chunks.join(""), chunks };
}

describe("writeJson", () => {
  it.each([
    [
      "a document",
      { ok: false, command: "check", result: { files: [{ path: "a" }] }, list: [1, [2, [3]]] },
    ],
    ["empty containers", { a: [], b: {}, c: [[]], d: [{}] }],
    ["skipped members", { a: undefined, b: () => 1, c: [undefined, 2], d: null }],
    ["strings that need escapes", { "new\nline": 'tab\there "quoted" \u2028', e: "é😀" }],
    ["scalars", 3],
    ["a top-level list", [1, "two", { three: [3] }]],
    ["dates", { when: new Date(0) }],
  ])("writes %s exactly as JSON.stringify(value, null, 2)", (_, value) => {
    expect(written(value).text).toBe(JSON.stringify(value, null, 2));
  });

  it("writes 100,000 diagnostics in bounded chunks, never one huge string", () => {
    const diagnostics = Array.from({ length: 100_000 }, (_, i) => ({
      code: "VAE119",
      message: `this expression is not a finite number (${i})`,
      span: {
        start: { offset: i, line: i + 1, column: 1 },
        end: { offset: i, line: i + 1, column: 4 },
      },
    }));
    const document = { ok: false, command: "check", result: null, diagnostics };
    const { text, chunks } = written(document);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(1 << 17);
    expect(chunks.length).toBeGreaterThan(100);
    expect(JSON.parse(text)).toEqual(document);
  });
});

describe("writeDocument (vaec --json)", () => {
  it("writes a document of 100,000 diagnostics to stdout in bounded pieces", async () => {
    const { writeDocument } = await import("./json-output.js");
    const where = { offset: 0, line: 1, column: 1 };
    const diagnostics = Array.from({ length: 100_000 }, () => ({
      code: "VAE119",
      severity: "error" as const,
      message: "this expression is not a finite number",
      span: { start: where, end: where },
      labels: [],
      notes: [],
      file: "many.vae",
    }));
    const writes: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      writeDocument({ ok: false, command: "check", result: null, diagnostics });
    } finally {
      spy.mockRestore();
    }
    expect(Math.max(...writes.map((w) => w.length))).toBeLessThan(1 << 17);
    const parsed = JSON.parse(writes.join("")) as { diagnostics: unknown[] };
    expect(parsed.diagnostics).toHaveLength(100_000);
  });
});
