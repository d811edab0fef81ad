import { mkdirSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DataSource } from "@vaec/compiler";
import { zipSync } from "fflate";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { loadDataset, type LoadOptions } from "./load-dataset.js";
import { SPRITE_COUNT } from "./sprite-factors.js";
import { bytesOf, dataVariable, encodeNpy, tempDir } from "../../test-support/data-files.js";

const options = (root: string, heldOut = 2): LoadOptions => ({
  seed: 7,
  heldOut,
  root,
  specFile: "spec.vae",
});

function codes(r: { diagnostics: Array<{ code: string }> }): string[] {
  return r.diagnostics.map((d) => d.code);
}

function writePng(
  path: string,
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
): void {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      png.data.set([r, g, b, 255], 4 * (y * width + x));
    }
  }
  writeFileSync(path, PNG.sync.write(png));
}

function writeJpeg(path: string, width: number, height: number, level: number): void {
  const data = new Uint8Array(width * height * 4).fill(level);
  writeFileSync(path, jpeg.encode({ width, height, data }, 95).data);
}

describe("loadDataset: sprites and mnist", () => {
  it("splits sprites deterministically from the seed", () => {
    const data = dataVariable("binary", [64, 64]);
    const a = loadDataset({ kind: "sprites" }, data, { seed: 3, heldOut: 1000 }).result!;
    const b = loadDataset({ kind: "sprites" }, data, { seed: 3, heldOut: 1000 }).result!;
    const c = loadDataset({ kind: "sprites" }, data, { seed: 4, heldOut: 1000 }).result!;
    expect(a.all.size).toBe(SPRITE_COUNT);
    expect(a.heldOut.size).toBe(1000);
    expect(a.train.size).toBe(SPRITE_COUNT - 1000);
    expect(Array.from(a.heldOutIndices)).toEqual(Array.from(b.heldOutIndices));
    expect(Array.from(a.heldOutIndices)).not.toEqual(Array.from(c.heldOutIndices));
    // Held-out and training views are disjoint and together cover the set.
    const seen = new Uint8Array(SPRITE_COUNT);
    for (const i of a.heldOutIndices) seen[i]++;
    for (const i of a.trainIndices) seen[i]++;
    expect(seen.every((n) => n === 1)).toBe(true);
    // A view's example p is the full set's example at its index.
    expect(Array.from(a.heldOut.get([5]))).toEqual(Array.from(a.all.get([a.heldOutIndices[5]])));
    expect(Array.from(a.heldOut.labels!.get([5]))).toEqual(
      Array.from(a.all.labels!.get([a.heldOutIndices[5]])),
    );
    expect(a.train.name).toBe("sprites [train]");
  });

  it("accepts [1, 64, 64] and the flat [4096] for sprites, and draws smaller square sides", () => {
    for (const shape of [[1, 64, 64], [4096]]) {
      const r = loadDataset({ kind: "sprites" }, dataVariable("binary", shape), options(".", 10));
      expect(r.diagnostics).toEqual([]);
      expect(r.result!.all.dim).toBe(4096);
    }
    const small = loadDataset(
      { kind: "sprites" },
      dataVariable("binary", [32, 32]),
      options(".", 10),
    ).result!;
    expect(small.all.get([100]).length).toBe(1024);
  });

  it("rejects sprites declared with a shape they do not have (VAE505)", () => {
    const r = loadDataset({ kind: "sprites" }, dataVariable("real", [3, 64, 64]), options("."));
    expect(codes(r)).toEqual(["VAE505"]);
    expect(r.diagnostics[0].message).toBe(
      "`sprites` has examples of shape [64, 64], but the spec declares [3, 64, 64]",
    );
    expect(r.diagnostics[0].file).toBe("spec.vae");
  });

  it("loads mnist: 10,000 digits, grey in [0, 1] or thresholded at 0.5", () => {
    const real = loadDataset(
      { kind: "mnist" },
      dataVariable("real", [28, 28]),
      options(".", 1000),
    ).result!;
    const binary = loadDataset(
      { kind: "mnist" },
      dataVariable("binary", [28, 28]),
      options(".", 1000),
    ).result!;
    expect(real.all.size).toBe(10000);
    const grey = real.all.get([0, 5000, 9999]);
    const bits = binary.all.get([0, 5000, 9999]);
    expect(grey.some((v) => v > 0 && v < 1)).toBe(true);
    expect(grey.every((v) => v >= 0 && v <= 1)).toBe(true);
    grey.forEach((v, i) => expect(bits[i]).toBe(v >= 0.5 ? 1 : 0));
    expect(Array.from(real.all.labels!.get([0, 9999]))).toEqual([0, 9]);
    expect(
      codes(loadDataset({ kind: "mnist" }, dataVariable("binary", [64, 64]), options("."))),
    ).toEqual(["VAE505"]);
  });

  it("rejects a held-out count that leaves no training set (VAE513)", () => {
    const r = loadDataset(
      { kind: "sprites" },
      dataVariable("binary", [64, 64]),
      options(".", SPRITE_COUNT),
    );
    expect(codes(r)).toEqual(["VAE513"]);
    expect(
      codes(loadDataset({ kind: "sprites" }, dataVariable("binary", [64, 64]), options(".", -1))),
    ).toEqual(["VAE513"]);
  });
});

describe("loadDataset: npy and npz", () => {
  const dir = tempDir();
  const f32 = (values: number[]) => bytesOf(Float32Array.from(values));
  const write = (name: string, bytes: Uint8Array) => writeFileSync(join(dir, name), bytes);
  write(
    "ok.npy",
    encodeNpy("<f4", [3, 2, 2], f32([0, 0.5, 1, 0.25, 1, 1, 0, 0, 0.1, 0.2, 0.3, 0.4])),
  );
  write("bits.npy", encodeNpy("|u1", [2, 4], Uint8Array.from([0, 1, 1, 0, 1, 1, 1, 0])));
  write("grey.npy", encodeNpy("|u1", [2, 2], Uint8Array.from([0, 255, 17, 3])));
  write("nan.npy", encodeNpy("<f4", [2, 2], f32([0, NaN, 1, Infinity])));
  write("empty.npy", encodeNpy("<f4", [0, 4], new Uint8Array(0)));
  write(
    "d.npz",
    zipSync({ "imgs.npy": encodeNpy("|u1", [2, 4], Uint8Array.from([0, 1, 1, 0, 1, 1, 1, 0])) }),
  );

  const npy = (path: string): DataSource => ({ kind: "npy", path });

  it("loads an array whose examples fit the spec, resolving paths from the root", () => {
    const r = loadDataset(npy("ok.npy"), dataVariable("real", [2, 2]), options(dir, 1));
    expect(r.diagnostics).toEqual([]);
    const all = r.result!.all;
    expect([all.size, all.dim, all.name]).toEqual([3, 4, "npy(ok.npy)"]);
    expect(Array.from(all.get([2, 0]))).toEqual(
      Array.from(Float32Array.from([0.1, 0.2, 0.3, 0.4, 0, 0.5, 1, 0.25])),
    );
    expect(codes(loadDataset(npy("ok.npy"), dataVariable("real", [4]), options(dir, 1)))).toEqual(
      [],
    );
    expect(
      codes(loadDataset(npy("ok.npy"), dataVariable("real", [1, 2, 2]), options(dir, 1))),
    ).toEqual([]);
  });

  it("loads binary uint8 arrays and npz entries", () => {
    const r = loadDataset(npy("bits.npy"), dataVariable("binary", [4]), options(dir, 1));
    expect(r.diagnostics).toEqual([]);
    expect(Array.from(r.result!.all.get([1]))).toEqual([1, 1, 1, 0]);
    const z = loadDataset(
      { kind: "npz", path: "d.npz", key: "imgs" },
      dataVariable("binary", [4]),
      options(dir, 1),
    );
    expect(z.diagnostics).toEqual([]);
    expect(z.result!.all.name).toBe("npz(d.npz[imgs])");
  });

  it("names a missing file (VAE500)", () => {
    const r = loadDataset(npy("nope.npy"), dataVariable("real", [4]), options(dir));
    expect(codes(r)).toEqual(["VAE500"]);
    expect(r.diagnostics[0].message).toBe("data file `nope.npy` does not exist");
    expect(
      codes(
        loadDataset(
          { kind: "npz", path: "nope.npz", key: "x" },
          dataVariable("real", [4]),
          options(dir),
        ),
      ),
    ).toEqual(["VAE500"]);
  });

  it("says both shapes when the examples do not fit the spec (VAE505)", () => {
    const r = loadDataset(npy("ok.npy"), dataVariable("real", [64, 64]), options(dir));
    expect(codes(r)).toEqual(["VAE505"]);
    expect(r.diagnostics[0].message).toBe(
      "`ok.npy` has examples of shape [2, 2], but the spec declares [64, 64]",
    );
  });

  it("says the values found and the declared range (VAE506)", () => {
    const r = loadDataset(npy("grey.npy"), dataVariable("real", [2]), options(dir, 1));
    expect(codes(r)).toEqual(["VAE506"]);
    expect(r.diagnostics[0].message).toBe(
      "`grey.npy` has values in [0, 255], outside the declared range [0, 1]",
    );
    expect(r.diagnostics[0].help).toContain("divide by 255");
    expect(
      codes(loadDataset(npy("grey.npy"), dataVariable("real", [2], [0, 255]), options(dir, 1))),
    ).toEqual([]);
  });

  it("rejects binary data with values other than 0 and 1 (VAE507)", () => {
    const r = loadDataset(npy("ok.npy"), dataVariable("binary", [2, 2]), options(dir, 1));
    expect(codes(r)).toEqual(["VAE507"]);
    expect(r.diagnostics[0].message).toContain("values that are neither 0 nor 1 (e.g. 0.5)");
  });

  it("rejects NaN and infinite values (VAE508)", () => {
    const r = loadDataset(npy("nan.npy"), dataVariable("real", [2]), options(dir, 1));
    expect(codes(r)).toEqual(["VAE508"]);
    expect(r.diagnostics[0].message).toBe("`nan.npy` has 2 NaN or infinite values");
  });

  it("says why a file that exists cannot be read (VAE515)", () => {
    // A sparse 5 GiB file costs no disk, but no typed array can hold it.
    writeFileSync(join(dir, "huge.npy"), "");
    truncateSync(join(dir, "huge.npy"), 5 * 2 ** 30);
    const r = loadDataset(npy("huge.npy"), dataVariable("real", [4]), options(dir));
    expect(codes(r)).toEqual(["VAE515"]);
    expect(r.diagnostics[0].message).toBe(
      "data file `huge.npy` cannot be read: it is 5 GiB, more than the 4 GiB one array can hold",
    );
  });

  it("rejects an array with no examples (VAE514)", () => {
    expect(
      codes(loadDataset(npy("empty.npy"), dataVariable("real", [4]), options(dir, 0))),
    ).toEqual(["VAE514"]);
  });
});

describe("loadDataset: images", () => {
  const root = tempDir();
  const dir = join(root, "faces");
  mkdirSync(dir);
  // 8 x 8 images: a left-right ramp (PNG), a flat grey (JPEG), a red square (PNG, RGB).
  writePng(join(dir, "a.png"), 8, 8, (x) => [x * 32, x * 32, x * 32]);
  writeJpeg(join(dir, "b.jpg"), 8, 8, 200);
  writePng(join(dir, "c.PNG"), 8, 8, () => [255, 0, 0]);
  writeFileSync(join(dir, "notes.txt"), "not an image");

  const images = (d: string, size: number): DataSource => ({
    kind: "images",
    dir: d,
    size: [size, size],
  });

  it("reads PNG and JPEG in name order, resized, as grey or RGB in [0, 1]", () => {
    const grey = loadDataset(
      images("faces", 4),
      dataVariable("real", [4, 4]),
      options(root, 1),
    ).result!;
    expect(grey.all.size).toBe(3);
    const [ramp, flat, red] = [0, 1, 2].map((i) => grey.all.get([i]));
    // Shrinking 8 -> 4 weighs 4 columns 1:3:3:1 (the ramp's x * 32 gives 80 and 144 inside); at the
    // borders the filter is cut and renormalised (0, 32, 64 weighted 3:3:1 gives 23).
    expect(Array.from(ramp.subarray(0, 4)).map((v) => Math.round(v * 255))).toEqual([
      23, 80, 144, 201,
    ]);
    expect(flat.every((v) => Math.abs(v - 200 / 255) < 0.02)).toBe(true);
    expect(red.every((v) => Math.abs(v - 0.299) < 0.01)).toBe(true);
    const rgb = loadDataset(
      images("faces", 4),
      dataVariable("real", [3, 4, 4]),
      options(root, 1),
    ).result!;
    expect(Array.from(rgb.all.get([2])).map(Math.round)).toEqual([
      ...Array(16).fill(1),
      ...Array(32).fill(0),
    ]);
  });

  it("thresholds images at 0.5 when the spec says binary", () => {
    const r = loadDataset(
      images("faces", 8),
      dataVariable("binary", [8, 8]),
      options(root, 1),
    ).result!;
    expect(Array.from(r.all.get([0]).subarray(0, 8))).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it("names a missing folder (VAE500) and an empty one (VAE511)", () => {
    expect(
      codes(loadDataset(images("nope", 8), dataVariable("real", [8, 8]), options(root))),
    ).toEqual(["VAE500"]);
    mkdirSync(join(root, "empty"));
    const r = loadDataset(images("empty", 8), dataVariable("real", [8, 8]), options(root));
    expect(codes(r)).toEqual(["VAE511"]);
    expect(r.diagnostics[0].message).toBe("folder `empty` has no PNG or JPEG images");
  });

  it("names each unreadable image (VAE512)", () => {
    const bad = join(root, "bad");
    mkdirSync(bad);
    writePng(join(bad, "good.png"), 4, 4, () => [0, 0, 0]);
    const png = PNG.sync.write(new PNG({ width: 4, height: 4 }));
    writeFileSync(join(bad, "cut.png"), png.subarray(0, png.length - 20));
    writeFileSync(join(bad, "junk.jpg"), "not a jpeg at all");
    const r = loadDataset(images("bad", 4), dataVariable("real", [4, 4]), options(root));
    expect(codes(r)).toEqual(["VAE512", "VAE512"]);
    expect(r.diagnostics[0].message).toMatch(/^image `bad\/cut.png` cannot be read: /);
    expect(r.diagnostics[1].message).toMatch(/^image `bad\/junk.jpg` cannot be read: /);
  });

  it("says both shapes when the size or channels do not fit the spec (VAE505)", () => {
    const size = loadDataset(images("faces", 4), dataVariable("real", [3, 8, 8]), options(root));
    expect(codes(size)).toEqual(["VAE505"]);
    expect(size.diagnostics[0].message).toBe(
      '`images("faces", 4)` has examples of shape [3, 4, 4], but the spec declares [3, 8, 8]',
    );
    expect(
      codes(loadDataset(images("faces", 8), dataVariable("real", [4, 8, 8]), options(root))),
    ).toEqual(["VAE505"]);
  });
});
