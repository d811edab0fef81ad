import type { Estimate } from "./statistics.js";

/*
 * A claim about a study's models is a contrast (a difference of cells, or a difference of such
 * differences) and the sign the claim expects of it: "Delta grows with beta" expects
 * Delta(beta = 8) - Delta(beta = 1) > 0. Its verdict reads the 95% interval only: the claim
 * holds when the interval excludes 0 on the claimed side, is contradicted when it excludes 0 on
 * the other side, and is within noise when it covers 0. A contrast measured on fewer than two
 * seeds has an interval over attack pairs at most, so it says nothing about models: too few
 * seeds.
 */

export type ClaimDirection = "positive" | "negative";

export type ClaimVerdict = "holds" | "contradicted" | "within noise" | "too few seeds";

/** The verdict of a contrast's interval on a claim that expects `direction`. */
export function claimVerdict(
  contrast: Pick<Estimate, "lo" | "hi" | "seeds">,
  direction: ClaimDirection,
): ClaimVerdict {
  const { lo, hi, seeds } = contrast;
  if (seeds < 2 || !Number.isFinite(lo) || !Number.isFinite(hi)) return "too few seeds";
  const sign = direction === "positive" ? 1 : -1;
  // Flip a negative claim onto the positive side: [lo, hi] becomes [-hi, -lo].
  const [low, high] = sign > 0 ? [lo, hi] : [-hi, -lo];
  if (low > 0) return "holds";
  if (high < 0) return "contradicted";
  return "within noise";
}

/** How many contrasts got each verdict, in a fixed order (for a claim's summary line). */
export function verdictCounts(verdicts: readonly ClaimVerdict[]): Record<ClaimVerdict, number> {
  const counts: Record<ClaimVerdict, number> = {
    holds: 0,
    "within noise": 0,
    contradicted: 0,
    "too few seeds": 0,
  };
  for (const v of verdicts) counts[v]++;
  return counts;
}
