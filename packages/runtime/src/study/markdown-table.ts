/*
 * GitHub-flavoured markdown tables, padded the way prettier pads them (every column as wide as
 * its widest cell), so generated tables pasted into docs/ pass `prettier --check` unchanged.
 */

/** Text safe in markdown prose: `*` escaped, so `z*` never opens an emphasis. */
export const markdownText = (v: string): string => v.replace(/\*/g, "\\*");

/** A cell's text, safe inside a table: pipes and asterisks escaped, line breaks folded. */
const cellText = (v: string): string =>
  markdownText(v)
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ");

/** Display width: code points (prettier counts CJK as 2; our tables hold none). */
const width = (s: string): number => [...s].length;

export function markdownTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  align: ReadonlyArray<"left" | "right"> = [],
): string {
  const all = [header, ...rows].map((r) => header.map((_, i) => cellText(r[i] ?? "")));
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => width(r[i]))));
  const pad = (s: string, i: number) => {
    const fill = " ".repeat(widths[i] - width(s));
    return align[i] === "right" ? fill + s : s + fill;
  };
  const line = (r: readonly string[]) => `| ${r.map(pad).join(" | ")} |`;
  const rule = widths.map((w, i) =>
    align[i] === "right" ? `${"-".repeat(w - 1)}:` : "-".repeat(w),
  );
  return [line(all[0]), `| ${rule.join(" | ")} |`, ...all.slice(1).map(line)].join("\n");
}
