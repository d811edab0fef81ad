import type { BatchObjective, BoxResult, Evaluation, ProblemRun } from "./box-problem.js";

export interface BatchProgress {
  /** Evaluation rounds so far (one batched objective call each). */
  round: number;
  /** Problems still running. */
  active: number;
  total: number;
  /**
   * Optimiser steps done over all problems against the budget (problems x steps), a finished
   * problem counting as its whole budget: what a progress bar over pairs x lambdas x steps shows.
   */
  steps?: { done: number; total: number };
}

/** Shared with a running problem so the batch can report steps; the solver updates it. */
export interface StepCounter {
  steps: number;
  finished: boolean;
}

/** Adds step counts to a progress callback, for solvers given `counters`. */
export function withStepProgress(
  counters: StepCounter[],
  budget: number,
  onRound?: (progress: BatchProgress) => void,
): ((progress: BatchProgress) => void) | undefined {
  if (!onRound) return undefined;
  return (progress) => {
    let done = 0;
    for (const c of counters) done += c.finished ? budget : Math.min(c.steps, budget);
    onRound({ ...progress, steps: { done, total: counters.length * budget } });
  };
}

/**
 * Advances every problem in lockstep: each round gathers the points of the problems still
 * running, calls `evaluate` once for all of them, and feeds each its values back. The packed
 * points and the gradients handed on are views into buffers reused every round (see box-problem.ts:
 * the solvers copy what they keep).
 */
export async function runBatch(
  runs: ProblemRun[],
  n: number,
  evaluate: BatchObjective,
  onRound?: (progress: BatchProgress) => void,
): Promise<BoxResult[]> {
  const results: (BoxResult | undefined)[] = new Array(runs.length);
  const pending = new Map<number, Float64Array>();
  runs.forEach((run, id) => {
    const step = run.next();
    if (step.done) results[id] = step.value;
    else pending.set(id, step.value);
  });
  const packed = new Float64Array(pending.size * n);
  let converted = new Float64Array(0);
  let round = 0;
  while (pending.size > 0) {
    const ids = [...pending.keys()].sort((a, b) => a - b);
    const points = packed.subarray(0, ids.length * n);
    for (let row = 0; row < ids.length; row++) points.set(pending.get(ids[row])!, row * n);
    const values = await evaluate(points, ids);
    if (values.f.length !== ids.length || values.grad.length !== ids.length * n) {
      throw new Error(
        `the batch objective returned ${values.f.length} values and ${values.grad.length} gradient entries for ${ids.length} points of ${n} dims`,
      );
    }
    let grad: Float64Array;
    if (values.grad instanceof Float64Array) grad = values.grad;
    else {
      if (converted.length < values.grad.length) converted = new Float64Array(values.grad.length);
      grad = converted.subarray(0, values.grad.length);
      for (let i = 0; i < grad.length; i++) grad[i] = values.grad[i];
    }
    round++;
    pending.clear();
    for (let row = 0; row < ids.length; row++) {
      const id = ids[row];
      const g = grad.subarray(row * n, (row + 1) * n);
      const step = runs[id].next({ f: values.f[row], g });
      if (step.done) results[id] = step.value;
      else pending.set(id, step.value);
    }
    onRound?.({ round, active: pending.size, total: runs.length });
  }
  return results as BoxResult[];
}

/** Runs one problem to the end against a plain synchronous objective. */
export function runOne(run: ProblemRun, fg: (x: Float64Array) => Evaluation): BoxResult {
  let step = run.next();
  while (!step.done) step = run.next(fg(Float64Array.from(step.value)));
  return step.value;
}
