import { describe, expect, it } from "vitest";
import { fuzzCorpus } from "../../scripts/fuzz-corpus.js";
import { fuzz } from "../../scripts/fuzz-run.js";

describe("mutation fuzzing", () => {
  it("never throws, stays fast, and reports every failure with a coded diagnostic and a valid span", () => {
    const corpus = fuzzCorpus();
    expect(corpus.length).toBeGreaterThan(1);
    const report = fuzz(corpus, 2500, 7, 2000);
    expect(report.failures.slice(0, 3)).toEqual([]);
  });
});
