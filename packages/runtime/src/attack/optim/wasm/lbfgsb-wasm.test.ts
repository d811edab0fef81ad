import { beforeEach, describe, expect, it } from "vitest";
import {
  interleavedBounds,
  type BoxProblem,
  type BoxResult,
  type Evaluation,
} from "../box-problem.js";
import { CauchyWorkspace, cauchyPoint } from "../cauchy-point.js";
import { lbfgsbBatch, lbfgsbRun, type LbfgsbOptions } from "../lbfgsb.js";
import { LimitedMemory } from "../limited-memory.js";
import { runOne } from "../run-batch.js";
import { JS_HEAP, type SolverHeap } from "../solver-heap.js";
import { SubspaceWorkspace, subspaceMinimum } from "../subspace-min.js";
import {
  driver1,
  quadratic,
  randomSpd,
  rosenbrock,
  seededRandom,
} from "../../../../test-support/optim-test-problems.js";
import { LBFGSB_WASM_SOURCE_SHA256 } from "./lbfgsb-wasm-binary.js";
import { lbfgsbWasmSourceHash } from "./lbfgsb-wasm-sources.js";
import { lbfgsbWasm } from "./lbfgsb-wasm.js";
import { createWasmHeap } from "./wasm-solver-heap.js";

/*
 * The WebAssembly loops must give the JavaScript loops' iterates bit for bit: every problem here
 * is solved both ways and every number of the results compared exactly (Object.is, so even the
 * sign of a zero counts). The problems are chosen to reach every branch of the kernels: active
 * and infinite bounds, more breakpoints than the queue's first batch of 64, the memory wrapping
 * around, free-set changes, memory resets, and the subspace step's truncation.
 */

// On for every test, whatever VAEC_WASM_LBFGSB says (one test turns it off).
beforeEach(() => {
  lbfgsbWasm(true);
});

function expectSameBits(a: BoxResult, b: BoxResult): void {
  expect(a.status).toBe(b.status);
  expect(a.iterations).toBe(b.iterations);
  expect(a.evaluations).toBe(b.evaluations);
  expect(Object.is(a.f, b.f)).toBe(true);
  expect(Object.is(a.projectedGradientNorm, b.projectedGradientNorm)).toBe(true);
  expect(a.x.length).toBe(b.x.length);
  for (let i = 0; i < a.x.length; i++) {
    if (!Object.is(a.x[i], b.x[i]) || !Object.is(a.g[i], b.g[i])) {
      throw new Error(`coordinate ${i}: x ${a.x[i]} vs ${b.x[i]}, g ${a.g[i]} vs ${b.g[i]}`);
    }
  }
}

/** A bounded nonconvex problem with many coordinates at bounds: sum a_i sin(x_i) + 1/2 x^T A x. */
function wavyQuadratic(n: number, seed: number): (x: Float64Array) => Evaluation {
  const random = seededRandom(seed);
  const a = randomSpd(n, random);
  const w = Float64Array.from({ length: n }, () => 8 * random() - 4);
  const base = quadratic(
    a,
    Float64Array.from({ length: n }, () => 4 * random() - 2),
  );
  return (x) => {
    const { f, g } = base(x);
    let total = f;
    for (let i = 0; i < n; i++) {
      total += w[i] * Math.sin(3 * x[i]);
      g[i] += 3 * w[i] * Math.cos(3 * x[i]);
    }
    return { f: total, g };
  };
}

interface Case {
  name: string;
  problem: BoxProblem;
  fg: (x: Float64Array) => Evaluation;
  options?: Partial<LbfgsbOptions>;
}

function cases(): Case[] {
  const random = seededRandom(3);
  const out: Case[] = [];
  for (const n of [150, 400]) {
    const lower = Float64Array.from({ length: n }, () => -random());
    const upper = Float64Array.from({ length: n }, () => random());
    // Some coordinates unbounded on one side or both.
    for (let i = 0; i < n; i += 7) lower[i] = -Infinity;
    for (let i = 0; i < n; i += 11) upper[i] = Infinity;
    out.push({
      name: `wavy quadratic, n = ${n}`,
      problem: { x0: new Float64Array(n), lower, upper },
      fg: wavyQuadratic(n, n),
      options: { memory: 5, maxIterations: 60, pgtol: 1e-12, ftol: 1e-15 },
    });
  }
  const n = 25;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lower[i] = i % 2 === 0 ? 1 : -100;
    upper[i] = 100;
  }
  out.push({
    name: "driver1",
    problem: { x0: new Float64Array(n).fill(3), lower, upper },
    fg: driver1,
    options: { memory: 5 },
  });
  out.push({
    name: "unbounded Rosenbrock",
    problem: {
      x0: Float64Array.from({ length: 10 }, (_, i) => (i % 2 ? 1 : -1.2)),
      lower: new Float64Array(10).fill(-Infinity),
      upper: new Float64Array(10).fill(Infinity),
    },
    fg: rosenbrock,
  });
  return out;
}

describe("L-BFGS-B in WebAssembly", () => {
  it("is built from the C sources beside it", () => {
    expect(lbfgsbWasmSourceHash()).toBe(LBFGSB_WASM_SOURCE_SHA256);
  });

  it("compiles in Node (on by default: resolveFastPath's test)", () => {
    expect(lbfgsbWasm()).toBe(true);
    expect(createWasmHeap(1024)?.kernels.maxMemory).toBeGreaterThanOrEqual(10);
  });

  it("gives the JavaScript loops' results bit for bit", () => {
    for (const c of cases()) {
      const js = runOne(lbfgsbRun(c.problem, { ...c.options, solver: "js" }), c.fg);
      const wasm = runOne(lbfgsbRun(c.problem, { ...c.options, solver: "wasm" }), c.fg);
      expect(js.iterations, c.name).toBeGreaterThan(5);
      expectSameBits(wasm, js);
    }
  });

  it("gives the same results in a batch, with bounds shared between rows", async () => {
    const random = seededRandom(11);
    const n = 200;
    const fgs = [wavyQuadratic(n, 1), wavyQuadratic(n, 2), wavyQuadratic(n, 3)];
    const boundSets = [0, 1].map(() => ({
      lower: Float64Array.from({ length: n }, () => -random()),
      upper: Float64Array.from({ length: n }, () => random()),
    }));
    const problems: BoxProblem[] = [];
    for (let row = 0; row < 9; row++) {
      const { lower, upper } = boundSets[row % 2];
      problems.push({ x0: new Float64Array(n).fill(0.01 * row), lower, upper });
    }
    const evaluate = (points: Float64Array, ids: readonly number[]) => {
      const f: number[] = [];
      const grad = new Float64Array(points.length);
      ids.forEach((id, r) => {
        const e = fgs[id % 3](points.slice(r * n, (r + 1) * n));
        f.push(e.f);
        grad.set(e.g, r * n);
      });
      return { f, grad };
    };
    const options = { memory: 7, maxIterations: 40 };
    const js = await lbfgsbBatch(problems, evaluate, { ...options, solver: "js" });
    // Twice: the second batch reuses the first one's (zeroed) wasm memory.
    for (let round = 0; round < 2; round++) {
      const wasm = await lbfgsbBatch(problems, evaluate, { ...options, solver: "wasm" });
      wasm.forEach((r, i) => expectSameBits(r, js[i]));
    }
  });

  it("gives the same Cauchy point and subspace step on random states, both branches", () => {
    const wasmHeap = createWasmHeap(4 << 20);
    if (!wasmHeap) throw new Error("no wasm heap");
    const kernels = wasmHeap.kernels;
    const branches = { projected: 0, truncated: 0 };
    const step = kernels.subspaceStep.bind(kernels);
    kernels.subspaceStep = (arrays) => {
      const projected = step(arrays);
      branches[projected ? "projected" : "truncated"]++;
      return projected;
    };
    const random = seededRandom(5);
    const n = 90;
    const m = 4;
    const vector = (heap: SolverHeap, values: Float64Array) => {
      const v = heap.f64(n);
      v.set(values);
      return v;
    };
    for (let trial = 0; trial < 40; trial++) {
      const lowerValues = Float64Array.from({ length: n }, (_, i) =>
        i % 9 === 0 ? -Infinity : -random(),
      );
      const upperValues = Float64Array.from({ length: n }, (_, i) =>
        i % 13 === 0 ? Infinity : random(),
      );
      const xValues = Float64Array.from({ length: n }, (_, i) =>
        random() < 0.2 ? (random() < 0.5 ? lowerValues[i] : upperValues[i]) : 0.5 * random() - 0.25,
      );
      for (let i = 0; i < n; i++) if (!Number.isFinite(xValues[i])) xValues[i] = 0;
      const gValues = Float64Array.from({ length: n }, () =>
        random() < 0.05 ? 0 : 4 * random() - 2,
      );
      const pairs = Array.from({ length: trial % (m + 3) }, () => {
        const s = Float64Array.from({ length: n }, () => random() - 0.5);
        // Curvature pairs as L-BFGS-B keeps them (s^T y > 0) every other trial; arbitrary ones
        // otherwise, whose indefinite model makes the projected step go uphill at times.
        const y =
          trial % 4 < 2
            ? s.map((v, i) => (1 + (i % 4)) * v + 0.3 * (random() - 0.5) * v)
            : s.map(() => 2 * random() - 1);
        return { s, y };
      });
      const solve = (h: SolverHeap) => {
        const lower = vector(h, lowerValues);
        const upper = vector(h, upperValues);
        const x = vector(h, xValues);
        const g = vector(h, gValues);
        const bounds = h.f64(2 * n);
        bounds.set(interleavedBounds(lowerValues, upperValues));
        const memory = new LimitedMemory(n, m, h);
        for (const { s, y } of pairs) memory.push(s, y);
        const cp = cauchyPoint(x, g, lower, upper, memory, new CauchyWorkspace(n, m, h), bounds);
        const out = h.f64(n);
        if (memory.count > 0)
          subspaceMinimum(x, g, lower, upper, cp, memory, out, new SubspaceWorkspace(n, m, h));
        return {
          point: Float64Array.from(cp.point),
          c: Float64Array.from(cp.c),
          p: Float64Array.from(cp.p),
          t: cp.t,
          free: Array.from(cp.free),
          out: Float64Array.from(out),
        };
      };
      const js = solve(JS_HEAP);
      const wasm = solve(wasmHeap);
      wasmHeap.reset();
      expect(wasm.free).toEqual(js.free);
      expect(Object.is(wasm.t, js.t)).toBe(true);
      for (const key of ["point", "c", "p", "out"] as const) {
        expect(wasm[key].length).toBe(js[key].length);
        wasm[key].forEach((v, i) => {
          if (!Object.is(v, js[key][i]))
            throw new Error(`trial ${trial}: ${key}[${i}] ${v} vs ${js[key][i]}`);
        });
      }
    }
    expect(branches.projected).toBeGreaterThan(0);
    expect(branches.truncated).toBeGreaterThan(0);
  });

  it("falls back to the JavaScript loops where no wasm memory can be had", () => {
    // Over wasm32's 4 GiB: the engine refuses the memory, and the solver keeps its own loops.
    expect(createWasmHeap(5 * 2 ** 30)).toBeUndefined();
  });

  it("can be switched off (the JavaScript loops, the same results)", () => {
    const c = cases()[0];
    const on = runOne(lbfgsbRun(c.problem, c.options), c.fg);
    expect(lbfgsbWasm(false)).toBe(false);
    const off = runOne(lbfgsbRun(c.problem, c.options), c.fg);
    expectSameBits(off, on);
  });
});
