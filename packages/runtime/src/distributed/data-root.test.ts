import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkDataRoot } from "./data-root.js";

describe("checkDataRoot", () => {
  const base = mkdtempSync(join(tmpdir(), "vaec-data-root-"));
  const root = join(base, "data");
  mkdirSync(join(root, "faces"), { recursive: true });
  writeFileSync(join(root, "x.npy"), "");
  writeFileSync(join(base, "secret.npy"), "");
  symlinkSync(join(base, "secret.npy"), join(root, "link.npy"));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it("accepts built-in data and paths under the root, relative or absolute", () => {
    expect(checkDataRoot({ kind: "sprites" }, root)).toEqual([]);
    expect(checkDataRoot({ kind: "npy", path: "x.npy" }, root)).toEqual([]);
    expect(checkDataRoot({ kind: "npy", path: join(root, "x.npy") }, root)).toEqual([]);
    expect(checkDataRoot({ kind: "npz", path: "sub/not-yet.npz", key: "x" }, root)).toEqual([]);
    expect(checkDataRoot({ kind: "images", dir: "faces", size: [8, 8] }, root)).toEqual([]);
  });

  it.each([
    ["an absolute path elsewhere", "/etc/passwd"],
    ["a climb out with ..", "../secret.npy"],
    ["a symbolic link that points outside", "link.npy"],
  ])("refuses %s with VAE615", (_, path) => {
    const diagnostics = checkDataRoot({ kind: "npy", path }, root);
    expect(diagnostics.map((d) => d.code)).toEqual(["VAE615"]);
    expect(diagnostics[0].message).toContain(path);
    expect(diagnostics[0].message).toContain(root);
  });

  it("names an image folder as such", () => {
    const [d] = checkDataRoot({ kind: "images", dir: "/tmp", size: [8, 8] }, root);
    expect(d.message).toContain("image folder `/tmp`");
  });
});
