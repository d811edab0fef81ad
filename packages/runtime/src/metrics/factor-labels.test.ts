import fs from "node:fs";
import path from "node:path";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { splitDataset } from "../data/split.js";
import { spritesDataset } from "../data/sprites.js";
import { spriteIndex } from "../data/sprite-factors.js";
import { tableDataset } from "../data/dataset.js";
import { bytesOf, encodeNpy, tempDir } from "../../test-support/data-files.js";
import { classesOf, classFactor, factorClasses } from "./factor-labels.js";
import { npzLabels, withNpzLabels } from "./npz-labels.js";

describe("factor classes", () => {
  it("reads sprites' factors as classes and picks the shape to classify", () => {
    const sprites = spritesDataset([64, 64]);
    const index = spriteIndex([0, 2, 5, 39, 31, 7]);
    const table = factorClasses(sprites, [index])!;
    expect(table.names).toEqual(["color", "shape", "scale", "orientation", "posX", "posY"]);
    expect(table.sizes).toEqual([1, 3, 6, 40, 32, 32]);
    expect(Array.from(table.classes)).toEqual([0, 2, 5, 39, 31, 7]);
    const factor = classFactor(sprites.labels)!;
    expect(factor).toMatchObject({ name: "shape", column: 1, classes: 3 });
    expect(Array.from(classesOf(sprites, factor, [index]))).toEqual([2]);
  });

  it("has no class factor without labels", () => {
    const plain = tableDataset({
      name: "x",
      values: new Float32Array(4),
      count: 2,
      shape: [2],
      kind: "real",
      range: [0, 1],
    });
    expect(classFactor(plain.labels)).toBeNull();
    expect(factorClasses(plain, [0])).toBeNull();
  });
});

describe("npz labels", () => {
  const archive = (entries: Record<string, Uint8Array>) => {
    const file = path.join(tempDir(), "data.npz");
    fs.writeFileSync(file, zipSync(entries));
    return file;
  };
  const images = encodeNpy("<f4", [4, 2], bytesOf(new Float32Array(8)));

  it("attaches an archive's `labels` to the split, held-out view included", () => {
    const labels = encodeNpy("<i8", [4], bytesOf(BigInt64Array.from([3n, 1n, 3n, 0n])));
    const file = archive({ "x.npy": images, "labels.npy": labels });
    const all = tableDataset({
      name: "npz",
      values: new Float32Array(8),
      count: 4,
      shape: [2],
      kind: "real",
      range: [0, 1],
    });
    const split = splitDataset(all, 2, 1);
    const { split: labelled, diagnostics } = withNpzLabels(
      split,
      { kind: "npz", path: path.basename(file), key: "x" },
      path.dirname(file),
    );
    expect(diagnostics).toEqual([]);
    const factor = classFactor(labelled.all.labels)!;
    expect(factor).toMatchObject({ name: "label", classes: 3, classNames: ["0", "1", "3"] });
    const expected = [3, 1, 3, 0].map((v) => [0, 1, 3].indexOf(v));
    const held = Array.from(labelled.heldOutIndices);
    expect(Array.from(classesOf(labelled.heldOut, factor, [0, 1]))).toEqual(
      held.map((i) => expected[i]),
    );
  });

  it("reports labels of the wrong length (VAE601) and ignores an archive without any", () => {
    const short = encodeNpy("<i4", [3], bytesOf(Int32Array.from([0, 1, 2])));
    const bad = npzLabels(archive({ "x.npy": images, "labels.npy": short }), "d.npz", 4);
    expect(bad.labels).toBeUndefined();
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["VAE601"]);
    expect(bad.diagnostics[0].message).toContain("expected (4,)");
    const none = npzLabels(archive({ "x.npy": images }), "d.npz", 4);
    expect(none).toEqual({ diagnostics: [] });
  });
});
