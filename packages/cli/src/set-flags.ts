/*
 * Helpers every command's flags share (so commands never import from one another): `--set k=v`
 * pairs and numbers as the CLI prints them.
 */

/** Parses `--set k=v` pairs; null when one is malformed. */
export function parseSets(pairs: string[]): Record<string, string> | null {
  const set: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) return null;
    set[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return set;
}

/** Three decimals, one above 100, exponent notation for the very large and very small. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  return abs !== 0 && (abs >= 1e5 || abs < 1e-3)
    ? value.toExponential(2)
    : value.toFixed(abs >= 100 ? 1 : 3);
}

/** Collects a repeatable flag's values. */
export const collect = (value: string, all: string[]): string[] => [...all, value];
