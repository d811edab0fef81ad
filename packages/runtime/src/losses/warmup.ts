/** A penalty's beta during warm-up: linear from 1 at step 0 to `beta` at step `warmup`. */
export function warmedBeta(beta: number, step: number, warmup: number): number {
  if (warmup <= 0) return beta;
  return 1 + (beta - 1) * Math.min(1, step / warmup);
}
