import { distance } from "fastest-levenshtein";

/**
 * The candidate nearest to `word`, if it is near enough to be a plausible typo, compared
 * case-insensitively: one edit for words of one or two letters, otherwise two edits (a swap of
 * neighbours, `modle`, is two) or a third of the length, whichever is more. Exported for the
 * compiler's "did you mean `Bernoulli`?" help.
 */
export function suggestName(word: string, candidates: Iterable<string>): string | undefined {
  const limit = word.length <= 2 ? 1 : Math.max(2, Math.ceil(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** "did you mean `latent`?" or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const suggestion = suggestName(word, candidates);
  return suggestion === undefined ? undefined : `did you mean \`${suggestion}\`?`;
}

/** `a`, `a or b`, `a, b or c` (items already quoted as needed). */
export function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}
