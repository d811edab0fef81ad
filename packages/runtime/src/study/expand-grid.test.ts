import { describe, expect, it } from "vitest";
import { expandGrid, product } from "./expand-grid.js";

const spec = (name: string, sweep: string, param = "param beta = 1\n") => `${param}model ${name} {
  data   x : binary[28, 28]
  latent z : 4
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[8])
  q(z | x) = Normal(mlp[8])
  ${param ? "penalize tc(z) with beta = beta" : ""}
}
train { data = mnist, steps = 4 }
attack { pairs = 2 }
${sweep}
`;

describe("expandGrid", () => {
  it("multiplies the axes out, in order", () => {
    expect(
      product([
        [
          ["a", "1"],
          ["a", "2"],
        ],
        [["b", "x"]],
      ]),
    ).toEqual([
      { a: "1", b: "x" },
      { a: "2", b: "x" },
    ]);
    expect(product([])).toEqual([{}]);
  });

  it("expands each spec's grid, with the study's axes on every point", () => {
    const grid = expandGrid(
      [
        { file: "a.vae", text: spec("A", "sweep beta in [1, 2], seed in [1, 2]") },
        { file: "b.vae", text: spec("B", "", "") },
      ],
      { out: "runs", attack: (s) => ({ ...s, pairs: 3 }) },
    );
    expect(grid.diagnostics).toEqual([]);
    expect(grid.axes).toEqual(["beta", "train.seed"]);
    expect(grid.points.map((p) => p.label)).toEqual([
      "A beta=1 train.seed=1",
      "A beta=2 train.seed=1",
      "A beta=1 train.seed=2",
      "A beta=2 train.seed=2",
      "B train.seed=0",
    ]);
    const point = grid.points[1];
    expect(point.set).toEqual({ beta: "2", "train.seed": "1" });
    expect(point.ir.params.beta).toBe(2);
    expect(point.ir.train.seed).toBe(1);
    expect(point.attack.pairs).toBe(3);
    expect(point.runDir).toMatch(/^runs\/A-[0-9a-f]{8}$/);
    expect(new Set(grid.points.map((p) => p.id)).size).toBe(5);
  });

  it("applies --grid and --set to every spec and merges points of the same run", () => {
    const grid = expandGrid(
      [
        { file: "a.vae", text: spec("A", "sweep beta in [1, 2]") },
        { file: "a-again.vae", text: spec("A", "sweep beta in [2, 4]") },
      ],
      { grid: ["train.steps in [2, 3]"], set: { "train.seed": "5" } },
    );
    expect(grid.axes).toEqual(["beta", "train.steps", "train.seed"]);
    // beta = 2 appears in both specs with the same model: trained once.
    expect(grid.points).toHaveLength(6);
    expect(grid.points.every((p) => p.ir.train.seed === 5)).toBe(true);
    expect(grid.points.map((p) => p.axes["train.steps"])).toContain(3);
  });

  it("refuses a study over the cap with VAE560 and runs nothing", () => {
    const grid = expandGrid([{ file: "a.vae", text: spec("A", "sweep beta in [1, 2, 3]") }], {
      maxPoints: 2,
    });
    expect(grid.points).toEqual([]);
    expect(grid.diagnostics.map((d) => d.code)).toEqual(["VAE560"]);
  });

  it("reports a spec's errors and expands nothing", () => {
    const grid = expandGrid([{ file: "a.vae", text: spec("A", "sweep bta in [1]") }]);
    expect(grid.points).toEqual([]);
    expect(grid.diagnostics.map((d) => d.code)).toEqual(["VAE117"]);
  });
});
