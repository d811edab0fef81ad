import { describe, expect, it } from "vitest";
import { batches, batchStream, epochOrder, locateStep, stepsPerEpoch } from "./batches.js";
import { tableDataset } from "./dataset.js";
import { dataRandom, permutation } from "./shuffle.js";

// Example i is the single value i, so a batch's x shows which examples it holds.
const view = tableDataset({
  name: "counting",
  values: Float32Array.from({ length: 103 }, (_, i) => i),
  count: 103,
  shape: [1],
  kind: "real",
  range: [0, 103],
});

function take<T>(it: Iterator<T>, n: number): T[] {
  return Array.from({ length: n }, () => it.next().value as T);
}

describe("seeded permutations", () => {
  it("are permutations, fixed by the seed and purpose", () => {
    const a = permutation(1000, dataRandom(1, "split"));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(permutation(1000, dataRandom(1, "split")))).toEqual(Array.from(a));
    expect(Array.from(permutation(1000, dataRandom(2, "split")))).not.toEqual(Array.from(a));
    expect(Array.from(permutation(1000, dataRandom(1, "epoch", 0)))).not.toEqual(Array.from(a));
  });

  it("give each epoch its own order", () => {
    expect(Array.from(epochOrder(50, 9, 0))).not.toEqual(Array.from(epochOrder(50, 9, 1)));
    expect(Array.from(epochOrder(50, 9, 3))).toEqual(Array.from(epochOrder(50, 9, 3)));
  });
});

describe("batches", () => {
  it("drops the incomplete last batch and visits each example at most once per epoch", () => {
    expect(stepsPerEpoch(103, 10)).toBe(10);
    const epoch = [...batches(view, 10, 5, 0)];
    expect(epoch.map((b) => b.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const seen = epoch.flatMap((b) => Array.from(b.x));
    expect(seen.length).toBe(100);
    expect(new Set(seen).size).toBe(100);
    expect(epoch[3].indices).toEqual(Array.from(epochOrder(103, 5, 0).subarray(30, 40)));
  });

  it("gives a view smaller than a batch one batch of all of it", () => {
    expect(stepsPerEpoch(7, 10)).toBe(1);
    const only = [...batches(view, 200, 1, 0)];
    expect(only.length).toBe(1);
    expect(only[0].x.length).toBe(103);
  });

  it("resumes at any step with the same data as an uninterrupted run", () => {
    const straight = take(batchStream(view, 8, 42), 40);
    for (const from of [0, 1, 11, 12, 13, 25]) {
      const resumed = take(batchStream(view, 8, 42, from), 40 - from);
      expect(resumed.map((b) => b.step)).toEqual(straight.slice(from).map((b) => b.step));
      expect(resumed.map((b) => Array.from(b.x))).toEqual(
        straight.slice(from).map((b) => Array.from(b.x)),
      );
    }
    expect(locateStep(25, 103, 8)).toEqual({ epoch: 2, stepInEpoch: 1 });
    expect(straight[11].epoch).toBe(0);
    expect(straight[12].epoch).toBe(1);
  });

  it("changes the order with the seed", () => {
    const a = take(batchStream(view, 8, 1), 3).map((b) => b.indices);
    const b = take(batchStream(view, 8, 2), 3).map((b) => b.indices);
    expect(a).not.toEqual(b);
  });

  it("refuses a batch size that is not a positive whole number", () => {
    expect(() => stepsPerEpoch(10, 0)).toThrow(RangeError);
    expect(() => stepsPerEpoch(10, 2.5)).toThrow(RangeError);
  });
});
