import {
  checkProblem,
  isFiniteEvaluation,
  projectInto,
  projectedGradientNorm,
  type BatchObjective,
  type BoxProblem,
  type BoxResult,
  type ProblemRun,
} from "./box-problem.js";
import { runBatch, withStepProgress, type BatchProgress, type StepCounter } from "./run-batch.js";

/*
 * Projected Adam (Kingma and Ba 2015, with bias correction): an Adam step, then projection back
 * onto the box. Not monotone, so the result is the best evaluated point, not the last one.
 */

export interface ProjectedAdamOptions {
  steps: number;
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Stop early when the projected gradient's infinity norm is at most this (0: never). */
  pgtol: number;
}

export const DEFAULT_ADAM: ProjectedAdamOptions = {
  steps: 200,
  lr: 1e-2,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  pgtol: 0,
};

export function* projectedAdamRun(
  problem: BoxProblem,
  options: Partial<ProjectedAdamOptions> = {},
  counter?: StepCounter,
): ProblemRun {
  const o = { ...DEFAULT_ADAM, ...options };
  checkProblem(problem);
  const { lower, upper } = problem;
  const n = problem.x0.length;
  let x = projectInto(problem.x0, lower, upper);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  let best: { x: Float64Array; f: number; g: Float64Array } | null = null;
  let evaluations = 0;
  const finish = (status: BoxResult["status"], iterations: number, message = ""): BoxResult => {
    if (counter) counter.finished = true;
    const b = best ?? { x, f: NaN, g: new Float64Array(n) };
    return {
      ...b,
      iterations,
      evaluations,
      status,
      message,
      projectedGradientNorm: projectedGradientNorm(b.x, b.g, lower, upper),
    };
  };
  for (let step = 0; ; step++) {
    const e = yield x;
    evaluations++;
    if (!isFiniteEvaluation(e)) return finish("non-finite", step, "non-finite objective");
    // e.g is only valid until the next yield: keep a copy.
    if (!best || e.f < best.f) best = { x, f: e.f, g: Float64Array.from(e.g) };
    if (o.pgtol > 0 && projectedGradientNorm(x, e.g, lower, upper) <= o.pgtol) {
      return finish("converged-pgtol", step);
    }
    if (step === o.steps) return finish("max-iterations", step);
    const t = step + 1;
    if (counter) counter.steps = t;
    const c1 = 1 - o.beta1 ** t;
    const c2 = 1 - o.beta2 ** t;
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const gi = e.g[i];
      m[i] = o.beta1 * m[i] + (1 - o.beta1) * gi;
      v[i] = o.beta2 * v[i] + (1 - o.beta2) * gi * gi;
      const stepI = (o.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + o.epsilon);
      next[i] = Math.min(upper[i], Math.max(lower[i], x[i] - stepI));
    }
    x = next;
  }
}

export function projectedAdamBatch(
  problems: BoxProblem[],
  evaluate: BatchObjective,
  options: Partial<ProjectedAdamOptions> = {},
  onRound?: (progress: BatchProgress) => void,
): Promise<BoxResult[]> {
  const n = problems.length > 0 ? problems[0].x0.length : 0;
  const counters = problems.map((): StepCounter => ({ steps: 0, finished: false }));
  const budget = options.steps ?? DEFAULT_ADAM.steps;
  return runBatch(
    problems.map((p, i) => projectedAdamRun(p, options, counters[i])),
    n,
    evaluate,
    withStepProgress(counters, budget, onRound),
  );
}
