import { distance } from "fastest-levenshtein";

/**
 * The closest candidate to a misspelt name, or undefined when nothing is close enough to be a
 * plausible typo (more than a third of the letters would have to change).
 */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = candidate.toLowerCase() === lower ? 0.5 : distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.floor(Math.max(name.length, 3) / 3));
  return bestDistance <= limit ? best : undefined;
}

/** "did you mean `x`?" or a list of what is allowed when nothing is close. */
export function helpForUnknown(name: string, candidates: readonly string[], what: string): string {
  const best = suggestName(name, candidates);
  if (best !== undefined) return `did you mean \`${best}\`?`;
  return `the known ${what} are ${listNames(candidates)}`;
}

export function listNames(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}
