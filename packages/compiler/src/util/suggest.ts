import { suggestName } from "@vaec/dsl";

// One notion of "close enough to be a typo" for the whole tool: the dsl's.
export { suggestName };

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
