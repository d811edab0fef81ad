import { describe, expect, it } from "vitest";
import type { BoxProblem } from "./box-problem.js";
import { lbfgsbBatch, lbfgsbRun } from "./lbfgsb.js";
import { runOne, type BatchProgress } from "./run-batch.js";
import {
  boxQuadraticSolution,
  driver1,
  quadratic,
  randomSpd,
  rosenbrock,
  seededRandom,
} from "../../../test-support/optim-test-problems.js";

const f64 = (values: number[]) => Float64Array.from(values);
const fill = (n: number, v: number) => new Float64Array(n).fill(v);

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("lbfgsb", () => {
  it("solves bounded quadratics with active bounds exactly", () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 2 + (trial % 5);
      const a = randomSpd(n, random);
      const b = Float64Array.from({ length: n }, () => 6 * random() - 3);
      const lower = Float64Array.from({ length: n }, () => -0.5 * random());
      const upper = Float64Array.from({ length: n }, () => 0.5 * random());
      const expected = boxQuadraticSolution(a, b, lower, upper);
      const x0 = Float64Array.from(
        { length: n },
        (_, i) => lower[i] + random() * (upper[i] - lower[i]),
      );
      const result = runOne(
        lbfgsbRun({ x0, lower, upper }, { pgtol: 1e-9, ftol: 1e-14 }),
        quadratic(a, b),
      );
      expect(result.status).toMatch(/converged/);
      expect(maxAbsDiff(result.x, expected)).toBeLessThan(1e-7);
    }
  });

  it("makes bounds active in a quadratic whose free minimum lies outside the box", () => {
    // f = (x0 - 3)^2 + (x1 + 2)^2 + x0 x1 on [-1, 1]^2; unconstrained minimum is outside.
    const a = f64([2, 1, 1, 2]);
    const b = f64([6, -4]);
    const lower = fill(2, -1);
    const upper = fill(2, 1);
    const expected = boxQuadraticSolution(a, b, lower, upper);
    const result = runOne(lbfgsbRun({ x0: f64([0, 0]), lower, upper }), quadratic(a, b));
    expect(maxAbsDiff(result.x, expected)).toBeLessThan(1e-8);
    expect(result.x[0]).toBe(1);
  });

  it("finds the unconstrained Rosenbrock minimum", () => {
    for (const n of [2, 10]) {
      const problem: BoxProblem = {
        x0: Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1)),
        lower: fill(n, -Infinity),
        upper: fill(n, Infinity),
      };
      const result = runOne(
        lbfgsbRun(problem, { pgtol: 1e-9, ftol: 0, maxIterations: 500 }),
        rosenbrock,
      );
      expect(result.status).toBe("converged-pgtol");
      expect(maxAbsDiff(result.x, fill(n, 1))).toBeLessThan(1e-6);
    }
  });

  it("stops on Rosenbrock's active bound x0 <= 0.5 at (0.5, 0.25)", () => {
    const problem: BoxProblem = { x0: f64([-1.2, 1]), lower: f64([-2, -2]), upper: f64([0.5, 2]) };
    const result = runOne(lbfgsbRun(problem, { pgtol: 1e-10, ftol: 0 }), rosenbrock);
    expect(result.x[0]).toBe(0.5);
    expect(result.x[1]).toBeCloseTo(0.25, 8);
    expect(result.f).toBeCloseTo(0.25, 10);
  });

  it("solves L-BFGS-B's own driver1 problem (25 dims, half the variables bounded below by 1)", () => {
    const n = 25;
    const lower = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -100));
    const upper = fill(n, 100);
    const result = runOne(lbfgsbRun({ x0: fill(n, 3), lower, upper }, { memory: 5 }), driver1);
    expect(result.status).toMatch(/converged/);
    expect(result.f).toBeLessThan(1e-6);
    expect(result.x[0]).toBeCloseTo(1, 3);
    expect(result.iterations).toBeLessThan(60);
  });

  it("ends in the corner when the optimum is a corner", () => {
    // A linear objective (zero curvature: every update is skipped) and a shifted quadratic.
    const c = f64([1, -2, 3, -4]);
    const linear = (x: Float64Array) => ({
      f: c.reduce((s, ci, i) => s + ci * x[i], 0),
      g: Float64Array.from(c),
    });
    const lower = fill(4, -1);
    const upper = fill(4, 2);
    const corner = f64([-1, 2, -1, 2]);
    const r1 = runOne(lbfgsbRun({ x0: fill(4, 0.3), lower, upper }), linear);
    expect([...r1.x]).toEqual([...corner]);
    expect(r1.status).toBe("converged-pgtol");
    const centre = f64([-5, 7, -3, 9]);
    const shifted = (x: Float64Array) => ({
      f: x.reduce((s, xi, i) => s + (xi - centre[i]) ** 2, 0),
      g: x.map((xi, i) => 2 * (xi - centre[i])),
    });
    const r2 = runOne(lbfgsbRun({ x0: fill(4, 0.3), lower, upper }), shifted);
    expect([...r2.x]).toEqual([...corner]);
  });

  it("projects an infeasible start into the box", () => {
    const result = runOne(
      lbfgsbRun({ x0: f64([5, -5]), lower: fill(2, 0), upper: fill(2, 1) }),
      (x) => ({
        f: (x[0] - 0.5) ** 2 + (x[1] - 0.5) ** 2,
        g: f64([2 * (x[0] - 0.5), 2 * (x[1] - 0.5)]),
      }),
    );
    expect(result.x[0]).toBeCloseTo(0.5, 8);
    expect(result.x[1]).toBeCloseTo(0.5, 8);
  });

  it("reports a non-finite objective instead of iterating on it", () => {
    const result = runOne(
      lbfgsbRun({ x0: fill(2, 0), lower: fill(2, -1), upper: fill(2, 1) }),
      () => ({
        f: NaN,
        g: fill(2, 0),
      }),
    );
    expect(result.status).toBe("non-finite");
  });

  it("gives batched and one-at-a-time runs identical results", async () => {
    const random = seededRandom(11);
    const n = 6;
    const centres = Array.from({ length: 7 }, () =>
      Float64Array.from({ length: n }, () => 4 * random() - 2),
    );
    // Problem k: Rosenbrock shifted by centre k plus a bounded quadratic pull, boxes differ too.
    const objective = (k: number, x: Float64Array) => {
      const shifted = x.map((xi, i) => xi - centres[k][i] + 1);
      const r = rosenbrock(shifted);
      return {
        f: r.f + k * 0.1 * x.reduce((s, xi) => s + xi * xi, 0),
        g: r.g.map((gi, i) => gi + k * 0.2 * x[i]),
      };
    };
    const problems: BoxProblem[] = centres.map((centre, k) => ({
      x0: fill(n, 0),
      lower: fill(n, -1 - k * 0.1),
      upper: fill(n, 1 + k * 0.2),
    }));
    let calls = 0;
    const progress: BatchProgress[] = [];
    const batched = await lbfgsbBatch(
      problems,
      (points, ids) => {
        calls++;
        const f: number[] = [];
        const grad = new Float64Array(points.length);
        ids.forEach((id, row) => {
          const e = objective(id, points.subarray(row * n, (row + 1) * n));
          f.push(e.f);
          grad.set(e.g, row * n);
        });
        return { f, grad };
      },
      {},
      (p) => progress.push(p),
    );
    const sequential = problems.map((p, k) => runOne(lbfgsbRun(p), (x) => objective(k, x)));
    for (let k = 0; k < problems.length; k++) {
      expect([...batched[k].x]).toEqual([...sequential[k].x]);
      expect(batched[k].evaluations).toBe(sequential[k].evaluations);
    }
    const maxEvaluations = Math.max(...sequential.map((r) => r.evaluations));
    expect(calls).toBe(maxEvaluations);
    // Progress over problems x steps only grows and ends complete.
    const done = progress.map((p) => p.steps!.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.at(-1)!.steps).toEqual({ done: 7 * 200, total: 7 * 200 });
    expect(progress.at(-1)!.active).toBe(0);
  });
});

describe("lbfgsb against the reference implementation", () => {
  // Iteration and evaluation counts of scipy 1.17's L-BFGS-B (the Fortran 3.0 code) on the same
  // problems with the same defaults (m = 10, factr = 1e7, pgtol = 1e-5): the same algorithm takes
  // the same steps.
  it("takes the same number of iterations and evaluations as L-BFGS-B 3.0", () => {
    const cases = [
      { n: 2, lower: -Infinity, upper: Infinity, iterations: 36, evaluations: 44 },
      { n: 10, lower: -Infinity, upper: Infinity, iterations: 71, evaluations: 88 },
    ];
    for (const c of cases) {
      const x0 = Float64Array.from({ length: c.n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
      const result = runOne(
        lbfgsbRun({ x0, lower: fill(c.n, c.lower), upper: fill(c.n, c.upper) }),
        rosenbrock,
      );
      expect(result.iterations).toBe(c.iterations);
      expect(result.evaluations).toBe(c.evaluations);
    }
    const boxed = runOne(
      lbfgsbRun({ x0: f64([-1.2, 1]), lower: f64([-2, -2]), upper: f64([0.5, 2]) }),
      rosenbrock,
    );
    expect([boxed.iterations, boxed.evaluations]).toEqual([20, 30]);
  });
});

describe("lbfgsb edge cases", () => {
  const shifted = (c: Float64Array) => (x: Float64Array) => ({
    f: x.reduce((s, xi, i) => s + (xi - c[i]) ** 2 + 0.1 * (xi - c[i]) ** 4, 0),
    g: x.map((xi, i) => 2 * (xi - c[i]) + 0.4 * (xi - c[i]) ** 3),
  });

  it("handles one-sided bounds", () => {
    const c = f64([-2, 3, -0.5, 1]);
    const result = runOne(
      lbfgsbRun({ x0: fill(4, 5), lower: fill(4, 0), upper: fill(4, Infinity) }, { pgtol: 1e-9 }),
      shifted(c),
    );
    expect(maxAbsDiff(result.x, f64([0, 3, 0, 1]))).toBeLessThan(1e-6);
  });

  it("stops at the iteration and evaluation limits with its best point", () => {
    const problem = { x0: f64([-1.2, 1]), lower: fill(2, -Infinity), upper: fill(2, Infinity) };
    const limited = runOne(lbfgsbRun(problem, { maxIterations: 3 }), rosenbrock);
    expect(limited.status).toBe("max-iterations");
    expect(limited.iterations).toBe(3);
    expect(limited.f).toBeLessThan(rosenbrock(problem.x0).f);
    const evaluations = runOne(lbfgsbRun(problem, { maxEvaluations: 5 }), rosenbrock);
    expect(evaluations.status).toBe("max-evaluations");
    expect(evaluations.evaluations).toBeLessThanOrEqual(5);
  });

  it("keeps a fixed variable (lower = upper) where it is", () => {
    const result = runOne(
      lbfgsbRun({ x0: fill(3, 0), lower: f64([-1, 0.25, -1]), upper: f64([1, 0.25, 1]) }),
      shifted(f64([0.5, -3, -0.5])),
    );
    expect(result.x[1]).toBe(0.25);
    expect(result.x[0]).toBeCloseTo(0.5, 5);
    expect(result.x[2]).toBeCloseTo(-0.5, 5);
  });
});
