import { describe, expect, it } from "vitest";
import { projectedAdamBatch, projectedAdamRun } from "./projected-adam.js";
import { runOne } from "./run-batch.js";
import {
  boxQuadraticSolution,
  quadratic,
  randomSpd,
  seededRandom,
} from "../../../test-support/optim-test-problems.js";

describe("projected adam", () => {
  it("reaches the constrained minimum of a bounded quadratic", () => {
    const random = seededRandom(21);
    const n = 4;
    const a = randomSpd(n, random);
    const b = Float64Array.from({ length: n }, () => 6 * random() - 3);
    const lower = new Float64Array(n).fill(-0.3);
    const upper = new Float64Array(n).fill(0.3);
    const expected = boxQuadraticSolution(a, b, lower, upper);
    const result = runOne(
      projectedAdamRun({ x0: new Float64Array(n), lower, upper }, { steps: 3000, lr: 1e-2 }),
      quadratic(a, b),
    );
    for (let i = 0; i < n; i++) expect(Math.abs(result.x[i] - expected[i])).toBeLessThan(2e-3);
    for (let i = 0; i < n; i++) expect(result.x[i]).toBeGreaterThanOrEqual(-0.3);
  });

  it("never leaves the box and returns the best point it evaluated", () => {
    const lower = Float64Array.from([0, 0]);
    const upper = Float64Array.from([1, 1]);
    const seen: number[] = [];
    const result = runOne(
      projectedAdamRun({ x0: Float64Array.from([0.5, 0.5]), lower, upper }, { steps: 50, lr: 0.3 }),
      (x) => {
        for (const xi of x) expect(xi >= 0 && xi <= 1).toBe(true);
        const f = (x[0] - 2) ** 2 + (x[1] + 1) ** 2;
        seen.push(f);
        return { f, g: Float64Array.from([2 * (x[0] - 2), 2 * (x[1] + 1)]) };
      },
    );
    expect(result.f).toBe(Math.min(...seen));
    expect([...result.x]).toEqual([1, 0]);
    expect(result.evaluations).toBe(51);
  });

  it("gives batched and one-at-a-time runs identical results", async () => {
    const n = 3;
    const centres = [0.2, -0.7, 1.5, 3].map((c) => Float64Array.from([c, -c, c / 2]));
    const fg = (k: number, x: Float64Array) => ({
      f: x.reduce((s, xi, i) => s + (xi - centres[k][i]) ** 4, 0),
      g: x.map((xi, i) => 4 * (xi - centres[k][i]) ** 3),
    });
    const problems = centres.map(() => ({
      x0: new Float64Array(n),
      lower: new Float64Array(n).fill(-1),
      upper: new Float64Array(n).fill(1),
    }));
    const batched = await projectedAdamBatch(
      problems,
      (points, ids) => {
        const f: number[] = [];
        const grad = new Float64Array(points.length);
        ids.forEach((id, row) => {
          const e = fg(id, points.slice(row * n, (row + 1) * n));
          f.push(e.f);
          grad.set(e.g, row * n);
        });
        return { f, grad };
      },
      { steps: 40, lr: 0.05 },
    );
    problems.forEach((p, k) => {
      const single = runOne(projectedAdamRun(p, { steps: 40, lr: 0.05 }), (x) => fg(k, x));
      expect([...batched[k].x]).toEqual([...single.x]);
    });
  });
});
