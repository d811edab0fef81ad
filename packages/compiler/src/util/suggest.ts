import { suggestName } from "@vaec/dsl";

// One notion of "close enough to be a typo" for the whole tool: the dsl's.
export { suggestName };

/** The most names a help line lists: a spec may declare thousands of params. */
const LISTED = 10;

/** "did you mean `x`?" or a list of what is allowed when nothing is close (the first few). */
export function helpForUnknown(name: string, candidates: readonly string[], what: string): string {
  const best = suggestName(name, candidates);
  if (best !== undefined) return `did you mean \`${best}\`?`;
  if (candidates.length <= LISTED) return `the known ${what} are ${listNames(candidates)}`;
  const shown = candidates.slice(0, LISTED).map((n) => `\`${n}\``);
  const more = (candidates.length - LISTED).toLocaleString("en-US");
  return `the known ${what} include ${shown.join(", ")} and ${more} more`;
}

export function listNames(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}
