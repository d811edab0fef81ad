import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { HELD_OUT_DEFAULT } from "@vaec/compiler";
import { describe, expect, it } from "vitest";
import { heldOutCount, loadDataset } from "./load-dataset.js";
import { bytesOf, dataVariable, encodeNpy, tempDir } from "../../test-support/data-files.js";

/*
 * The default held-out split (a spec without `held_out`): 10% of the examples, at least 1 and at
 * most 1000, always leaving training data, so a 20-example set trains where a fixed 1000 failed.
 */

describe("heldOutCount", () => {
  it("holds out a share of the data with a floor and a cap", () => {
    expect(HELD_OUT_DEFAULT).toEqual({ share: 0.1, min: 1, max: 1000 });
    expect(heldOutCount(null, 737_280)).toBe(1000);
    expect(heldOutCount(null, 70_000)).toBe(1000);
    expect(heldOutCount(null, 5_000)).toBe(500);
    expect(heldOutCount(null, 20)).toBe(2);
    expect(heldOutCount(null, 4)).toBe(1);
    expect(heldOutCount(null, 2)).toBe(1);
    expect(heldOutCount(null, 1)).toBe(0);
  });

  it("keeps a count the spec gave", () => {
    expect(heldOutCount(7, 20)).toBe(7);
    expect(heldOutCount(0, 20)).toBe(0);
  });
});

describe("loadDataset with the default split", () => {
  it("splits a 20-example array 2 / 18", () => {
    const dir = tempDir();
    const values = new Float32Array(20 * 4).map((_, i) => (i % 3 === 0 ? 1 : 0));
    writeFileSync(join(dir, "small.npy"), encodeNpy("<f4", [20, 4], bytesOf(values)));
    const loaded = loadDataset({ kind: "npy", path: "small.npy" }, dataVariable("binary", [4]), {
      seed: 1,
      heldOut: null,
      root: dir,
    });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.result?.heldOut.size).toBe(2);
    expect(loaded.result?.train.size).toBe(18);
  });
});
