/*
 * The paper's rule for picking one lambda per pair from the whole curve (docs/design.md section 4):
 * "the largest lambda whose Delta is the smallest above the mean over lambdas". Read literally:
 *
 *   1. m = the mean of Delta over the lambdas of the pair's curve (finite values only);
 *   2. among the lambdas whose Delta is strictly above m, take the smallest such Delta;
 *   3. if several lambdas reach exactly that Delta, take the largest lambda.
 *
 * Delta is the attack objective reached at the optimiser's end, WITH the lambda ||d|| term (the
 * quantity docs/design.md calls Delta); callers may pass the curve without it instead. Delta rises with
 * lambda (a stronger distortion penalty means a weaker attack), so this picks the knee where the
 * curve crosses its mean: the weakest penalty at which the attack is no longer nearly free. When
 * no value lies strictly above the mean (a flat curve), the largest lambda is chosen.
 */

export interface LambdaChoice {
  /** Index into the curve. */
  index: number;
  lambda: number;
  delta: number;
  /** The mean of the finite Deltas the rule compared against. */
  mean: number;
}

export function chooseLambda(lambdas: readonly number[], deltas: readonly number[]): LambdaChoice {
  if (lambdas.length !== deltas.length || lambdas.length === 0) {
    throw new Error(
      `chooseLambda needs one Delta per lambda, got ${lambdas.length} and ${deltas.length}`,
    );
  }
  const finite = deltas.filter((d) => Number.isFinite(d));
  if (finite.length === 0) {
    throw new Error("chooseLambda: no finite Delta on the curve");
  }
  const mean = finite.reduce((s, d) => s + d, 0) / finite.length;
  let index = -1;
  for (let i = 0; i < deltas.length; i++) {
    const d = deltas[i];
    if (!Number.isFinite(d) || !(d > mean)) continue;
    if (index < 0 || d < deltas[index] || (d === deltas[index] && lambdas[i] > lambdas[index]))
      index = i;
  }
  if (index < 0) {
    // Flat curve: every finite Delta equals the mean.
    for (let i = 0; i < deltas.length; i++) {
      if (Number.isFinite(deltas[i]) && (index < 0 || lambdas[i] > lambdas[index])) index = i;
    }
  }
  return { index, lambda: lambdas[index], delta: deltas[index], mean };
}
