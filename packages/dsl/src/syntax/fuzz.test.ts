import { describe, expect, it } from "vitest";
import { deepExpression, type DeepKind } from "../../scripts/deep-expressions.js";
import { fuzzCorpus } from "../../scripts/fuzz-corpus.js";
import { fuzz } from "../../scripts/fuzz-run.js";
import { rng } from "../../scripts/mutate.js";
import { parse } from "./parse.js";

describe("mutation fuzzing", () => {
  it("never throws, stays fast, and reports every failure with a coded diagnostic and a valid span", () => {
    const corpus = fuzzCorpus();
    expect(corpus.length).toBeGreaterThan(1);
    const report = fuzz(corpus, 1600, 7, 2000);
    expect(report.generated).toBe(400);
    expect(report.failures.slice(0, 3)).toEqual([]);
  });

  it.each<DeepKind>(["parens", "lists", "calls", "powers", "sum", "signs", "mixed"])(
    "generated %s expressions parse or end in VAE019, never VAE900",
    (kind) => {
      const random = rng(11);
      for (let i = 0; i < 20; i++) {
        const text = `param v = ${deepExpression(random, kind)}\n`;
        const codes = parse({ path: "deep.vae", text }).diagnostics.map((d) => d.code);
        expect(
          codes.filter((c) => c !== "VAE019"),
          text.slice(0, 80),
        ).toEqual([]);
      }
    },
  );
});
