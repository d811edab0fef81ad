/*
 * Terminal columns, so carets line up under the characters they point at: a tab shows as four
 * spaces (as rustc prints it), East Asian wide characters and emoji take two columns, combining
 * marks and zero-width characters none. Control characters are shown as `�`.
 */

const TAB = "    ";

export function charWidth(codePoint: number): number {
  if (codePoint === 0x09) return TAB.length;
  if (codePoint === 0xfeff || codePoint === 0x200b || codePoint === 0x200c || codePoint === 0x200d)
    return 0;
  if ((codePoint >= 0x300 && codePoint <= 0x36f) || (codePoint >= 0xfe00 && codePoint <= 0xfe0f))
    return 0;
  if (isWide(codePoint)) return 2;
  return 1;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1f64f) ||
    (c >= 0x1f900 && c <= 0x1faff) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}

/** The line as it should be printed (tabs expanded, control characters made visible). */
export function displayLine(line: string): string {
  let out = "";
  for (const char of line) {
    const code = char.codePointAt(0)!;
    if (code === 0x09) out += TAB;
    else if (code === 0xfeff) continue;
    else if (code < 0x20 || code === 0x7f) out += "\ufffd";
    else out += char;
  }
  return out;
}

/** The display column (0-based) of a 1-based UTF-16 `column` in `line`. */
export function displayColumn(line: string, column: number): number {
  const units = column - 1;
  let width = 0;
  let i = 0;
  while (i < units && i < line.length) {
    const code = line.codePointAt(i)!;
    width += code < 0x20 && code !== 0x09 ? 1 : charWidth(code);
    i += code > 0xffff ? 2 : 1;
  }
  return width + Math.max(0, units - i);
}
