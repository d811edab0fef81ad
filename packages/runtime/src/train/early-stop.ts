import type { EarlyStop } from "@vaec/compiler";

/*
 * Early stopping on the held-out ELBO curve, as a pure function of the curve so far: a resumed
 * run rebuilds its state from the held-out records kept in metrics.jsonl and decides exactly as
 * the uninterrupted run would have.
 */

export interface HeldOutPoint {
  step: number;
  /** Held-out ELBO at beta = 1, nats per image (higher is better). */
  elbo: number;
}

export interface EarlyStopState {
  /** The best point so far (null before the first evaluation). */
  best: HeldOutPoint | null;
  /** Evaluations in a row since the best that did not beat it by more than `minDelta`. */
  stale: number;
  stop: boolean;
}

/**
 * Walks the curve: a point improves when its ELBO exceeds the best so far by more than
 * `minDelta`; training stops once `patience` evaluations in a row have not improved.
 */
export function earlyStopState(
  curve: readonly HeldOutPoint[],
  rule: Pick<EarlyStop, "patience" | "minDelta">,
): EarlyStopState {
  let best: HeldOutPoint | null = null;
  let stale = 0;
  for (const point of curve) {
    if (best === null || point.elbo > best.elbo + rule.minDelta) {
      best = point;
      stale = 0;
    } else stale += 1;
  }
  return { best, stale, stop: stale >= rule.patience };
}

/** The steps (counted as completed steps) at which the held-out curve is evaluated. */
export function isEvaluationStep(done: number, every: number, totalSteps: number): boolean {
  return every > 0 && (done % every === 0 || done === totalSteps);
}
