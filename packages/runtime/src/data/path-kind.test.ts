import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import type { DataSource } from "@vaec/compiler";
import { loadDataset } from "./load-dataset.js";
import { bytesOf, dataVariable, encodeNpy, tempDir } from "../../test-support/data-files.js";

/*
 * Data paths that exist but are not files: each is named for what it is (VAE517), never
 * reported as missing and never read (a FIFO would block, /dev/zero never ends).
 */

const root = tempDir();
writeFileSync(
  join(root, "good.npy"),
  encodeNpy("<f4", [4, 2], bytesOf(Float32Array.from([0, 1, 0, 1, 1, 0, 1, 0]))),
);
mkdirSync(join(root, "folder.npy"));
execFileSync("mkfifo", [join(root, "pipe.npy")]);
symlinkSync("loop-b.npy", join(root, "loop-a.npy"));
symlinkSync("loop-a.npy", join(root, "loop-b.npy"));
symlinkSync("nowhere.npy", join(root, "dangling.npy"));
symlinkSync("good.npy", join(root, "link.npy"));

const data = dataVariable("real", [2]);
const npy = (path: string): DataSource => ({ kind: "npy", path });
const load = (source: DataSource, shape = data) =>
  loadDataset(source, shape, { seed: 1, heldOut: 1, root, specFile: "spec.vae" });
const messages = (source: DataSource, shape = data) =>
  load(source, shape).diagnostics.map((d) => `${d.code} ${d.message}`);

describe("data paths that are not files (VAE517)", () => {
  it.each([
    ["folder.npy", "a folder"],
    ["pipe.npy", "a named pipe (FIFO)"],
    ["/dev/zero", "a character device"],
    ["loop-a.npy", "a symbolic link that loops"],
    ["dangling.npy", "a symbolic link to `nowhere.npy`, which does not exist"],
  ])("names %s as %s, without reading it", (path, what) => {
    const loaded = load(npy(path));
    expect(loaded.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      `VAE517 data file \`${path}\` is ${what}, not a file`,
    ]);
    expect(loaded.diagnostics[0].help).toBeTruthy();
  });

  it("still reports a missing file as VAE500, and reads a file through a symbolic link", () => {
    expect(messages(npy("absent.npy"))).toEqual(["VAE500 data file `absent.npy` does not exist"]);
    expect(load(npy("link.npy")).result?.all.size).toBe(4);
  });

  it("names a file given as an images folder", () => {
    expect(messages({ kind: "images", dir: "good.npy", size: [2, 2] })).toEqual([
      "VAE517 data folder `good.npy` is a file, not a folder",
    ]);
  });
});

describe("image folders with symbolic links", () => {
  const dir = join(root, "faces");
  const elsewhere = join(root, "elsewhere");
  mkdirSync(dir);
  mkdirSync(elsewhere);
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(255);
  writeFileSync(join(elsewhere, "white.png"), PNG.sync.write(png));
  writeFileSync(join(dir, "a.png"), PNG.sync.write(png));
  symlinkSync(join(elsewhere, "white.png"), join(dir, "b.png"));
  const faces: DataSource = { kind: "images", dir: "faces", size: [2, 2] };

  it("follows a symbolic link to an image instead of skipping it", () => {
    const loaded = load(faces, dataVariable("real", [2, 2]));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.result?.all.size).toBe(2);
  });

  it("names a looping link and a FIFO named like images, and reads neither", () => {
    const odd = join(root, "odd");
    mkdirSync(odd);
    writeFileSync(join(odd, "a.png"), PNG.sync.write(png));
    symlinkSync("c.png", join(odd, "c.png"));
    execFileSync("mkfifo", [join(odd, "d.png")]);
    expect(
      messages({ kind: "images", dir: "odd", size: [2, 2] }, dataVariable("real", [2, 2])),
    ).toEqual([
      "VAE517 data file `odd/c.png` is a symbolic link that loops, not a file",
      "VAE517 data file `odd/d.png` is a named pipe (FIFO), not a file",
    ]);
  });
});
