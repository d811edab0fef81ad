import { describe, expect, it } from "vitest";
import { parsePairs, pickPairs } from "./pick-pairs.js";

describe("pick pairs", () => {
  it("is reproducible, with distinct sources and targets different from their source", () => {
    const a = pickPairs(20, 100, 7);
    expect(pickPairs(20, 100, 7)).toEqual(a);
    expect(pickPairs(20, 100, 8)).not.toEqual(a);
    expect(new Set(a.map((p) => p.source)).size).toBe(20);
    for (const p of a) {
      expect(p.target).not.toBe(p.source);
      expect(p.target).toBeGreaterThanOrEqual(0);
      expect(p.target).toBeLessThan(100);
    }
  });

  it("draws each target from another class than its source's when the examples have classes", () => {
    const classes = Int32Array.from({ length: 100 }, (_, i) => i % 3);
    const pairs = pickPairs(40, 100, 7, classes);
    expect(pickPairs(40, 100, 7, classes)).toEqual(pairs);
    for (const p of pairs) expect(classes[p.target]).not.toBe(classes[p.source]);
    // The sources are those of the class-free draw: only the targets change.
    expect(pairs.map((p) => p.source)).toEqual(pickPairs(40, 100, 7).map((p) => p.source));
    // A single class cannot be honoured: plain random pairs.
    expect(pickPairs(5, 100, 7, new Int32Array(100))).toEqual(pickPairs(5, 100, 7));
  });

  it("parses explicit pairs and rejects bad ones", () => {
    expect(parsePairs("3:17, 4:2", 20)).toEqual({
      pairs: [
        { source: 3, target: 17 },
        { source: 4, target: 2 },
      ],
    });
    expect(parsePairs("3-17", 20)).toEqual({ error: "`3-17` is not a pair `source:target`" });
    expect(parsePairs("3:25", 20)).toHaveProperty("error");
  });
});
