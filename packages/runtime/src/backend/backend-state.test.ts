import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * The backend layer's state lives in one object (backend-state.ts). A module-level `let`, Map or
 * Set anywhere else in backend/ would be state of its own, out of sight: this test finds them
 * (declarations at the start of a line are the module's; a function's are indented).
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const MODULE_STATE = /^(export )?(let |(const|var) \w+(: [^=]+)? = new (Map|Set|WeakMap)\b)/m;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "vendor" ? [] : sources(file);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [file] : [];
  });
}

describe("the backend's state", () => {
  it("is kept in backend-state.ts alone", () => {
    const files = sources(here);
    expect(files.length).toBeGreaterThan(30);
    const offenders = files
      .filter((file) => path.basename(file) !== "backend-state.ts")
      .filter((file) => MODULE_STATE.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(here, file));
    expect(offenders).toEqual([]);
  });

  it("would be caught in another module", () => {
    expect(MODULE_STATE.test("const x = 1;\nlet installed = false;\n")).toBe(true);
    expect(MODULE_STATE.test("const shipped = new Map<string, string>();")).toBe(true);
    expect(MODULE_STATE.test("function f() {\n  let i = 0;\n}\n")).toBe(false);
  });
});
