/*
 * Sizing text in the SVG panels (attack-panel.ts, traversal-panel.ts) without a font at hand: a
 * conservative width per character (DejaVu Sans, the panels' first font, averages about 0.55 em on
 * lowercase and digits; 0.62 em leaves room for wide letters), so columns are laid out wide
 * enough for their headers.
 */

const EM_PER_CHAR = 0.62;

/** An upper estimate of the width of `text` at `fontSize` pixels. */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * EM_PER_CHAR;
}

/** A header on at most two lines, split at the space that balances them best. */
export function headerLines(text: string): string[] {
  const spaces = [...text.matchAll(/ /g)].map((m) => m.index ?? 0);
  if (spaces.length === 0) return [text];
  const best = spaces.reduce((a, b) =>
    Math.abs(b - text.length / 2) < Math.abs(a - text.length / 2) ? b : a,
  );
  return [text.slice(0, best), text.slice(best + 1)];
}

/** SVG <text> of one or more lines, the last line's baseline at `y`. */
export function svgLines(
  lines: readonly string[],
  x: number,
  y: number,
  attributes: string,
  escape: (s: string) => string,
  lineHeight: number,
): string {
  const first = y - (lines.length - 1) * lineHeight;
  return lines
    .map(
      (line, i) =>
        `<text x="${x}" y="${first + i * lineHeight}" ${attributes}>${escape(line)}</text>`,
    )
    .join("\n");
}
