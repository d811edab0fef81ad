import { describe, expect, it } from "vitest";
import { recordFixture as record } from "../../test-support/record-fixture.js";
import { attackConvergence, convergenceOutcome } from "./attack-convergence.js";

describe("attack convergence", () => {
  it("counts the optimiser's end states", () => {
    expect(convergenceOutcome("converged-pgtol")).toBe("converged");
    expect(convergenceOutcome("converged-ftol")).toBe("converged");
    expect(convergenceOutcome("max-iterations")).toBe("capped");
    expect(convergenceOutcome("max-evaluations")).toBe("capped");
    expect(convergenceOutcome("line-search-failed")).toBe("lineSearch");
    expect(convergenceOutcome("non-finite")).toBe("other");
  });

  it("pools seeds and pairs per spec, axis values and attack, in the study's order", () => {
    const rows = attackConvergence(
      [
        record({
          spec: "b",
          beta: 1,
          seed: 1,
          status: [
            ["max-iterations", 100],
            ["max-iterations", 100],
          ],
        }),
        record({
          spec: "a",
          beta: 8,
          seed: 1,
          status: [
            ["converged-pgtol", 40],
            ["max-iterations", 100],
          ],
        }),
        record({
          spec: "a",
          beta: 8,
          seed: 2,
          status: [
            ["converged-ftol", 20],
            ["line-search-failed", 0],
          ],
        }),
        record({
          spec: "a",
          beta: 2,
          seed: 1,
          status: [
            ["converged-pgtol", 10],
            ["converged-pgtol", 30],
          ],
        }),
        // Written before records kept the optimiser's state: not counted.
        record({ spec: "c", beta: 1, seed: 1 }),
      ],
      ["a", "b"],
    );
    expect(rows.map((r) => [r.spec, r.axes.beta])).toEqual([
      ["a", 2],
      ["a", 8],
      ["b", 1],
    ]);
    expect(rows[1]).toMatchObject({
      attack: "kl",
      pairs: 4,
      converged: 2,
      capped: 1,
      lineSearch: 1,
      other: 0,
      meanIterations: 40,
      maxIterations: 100,
    });
    expect(rows[1].axes).toEqual({ beta: 8 });
    expect(rows[2]).toMatchObject({ pairs: 2, capped: 2, meanIterations: 100 });
  });
});
