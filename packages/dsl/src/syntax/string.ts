/*
 * String literals are double-quoted, on one line, with the escapes `\"`, `\\`, `\n`, `\t`, `\r`,
 * `\0`, `\u{1F600}` and `\u00e9`.
 */

export interface BadEscape {
  /** Code units from the opening quote. */
  index: number;
  text: string;
}

export interface StringReading {
  value: string;
  badEscapes: BadEscape[];
}

const SIMPLE: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  n: "\n",
  t: "\t",
  r: "\r",
  "0": "\0",
};

/** Reads a literal (with its quotes; the closing one may be missing). */
export function readString(raw: string): StringReading {
  const end =
    raw.length > 1 && raw.endsWith('"') && !endsInEscape(raw) ? raw.length - 1 : raw.length;
  const badEscapes: BadEscape[] = [];
  let value = "";
  for (let i = 1; i < end; i++) {
    const char = raw[i];
    if (char !== "\\") {
      value += char;
      continue;
    }
    const next = raw[i + 1] ?? "";
    if (next in SIMPLE) {
      value += SIMPLE[next];
      i += 1;
      continue;
    }
    const unicode = /^u(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))/.exec(raw.slice(i + 1, end));
    if (unicode) {
      const code = parseInt(unicode[1] ?? unicode[2], 16);
      if (code <= 0x10ffff) {
        value += String.fromCodePoint(code);
        i += unicode[0].length;
        continue;
      }
    }
    const text = next === "" ? "\\" : `\\${String.fromCodePoint(raw.codePointAt(i + 1) ?? 0)}`;
    badEscapes.push({ index: i, text });
    value += text.slice(1);
    i += text.length - 1;
  }
  return { value, badEscapes };
}

/** True when the final `"` is itself escaped (`"abc\"`), so the string is not closed. */
function endsInEscape(raw: string): boolean {
  let backslashes = 0;
  for (let i = raw.length - 2; i >= 0 && raw[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 1;
}
