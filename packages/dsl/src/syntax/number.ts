/*
 * Number literals: decimal integers and decimals (`2`, `1.5`, `.5`, `1.`), exponents (`1e-3`,
 * `2.5E+4`), `_` between digits (`1_000`), hexadecimal `0x10`, binary `0b101` and octal `0o17`.
 * The lexer hands over anything that starts like a number; this decides what it is worth.
 */

export type NumberReading =
  { ok: true; value: number } | { ok: false; reason: string; help?: string };

const DIGITS = "\\d+(?:_\\d+)*";
const DECIMAL = new RegExp(
  `^(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`,
);
const RADIX: Record<string, { digits: RegExp; name: string }> = {
  x: { digits: /^[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*$/, name: "hexadecimal" },
  b: { digits: /^[01]+(?:_[01]+)*$/, name: "binary" },
  o: { digits: /^[0-7]+(?:_[0-7]+)*$/, name: "octal" },
};

export function readNumber(raw: string): NumberReading {
  const radix = /^0([xXbBoO])(.*)$/.exec(raw);
  if (radix) {
    const { digits, name } = RADIX[radix[1].toLowerCase()];
    if (radix[2] === "") return { ok: false, reason: `a ${name} number needs at least one digit` };
    if (!digits.test(radix[2])) return invalid(raw, `not a ${name} number`);
    return finite(Number(`0${radix[1].toLowerCase()}${radix[2].replaceAll("_", "")}`));
  }
  if (DECIMAL.test(raw)) return finite(Number(raw.replaceAll("_", "")));
  return invalid(raw, "not a number");
}

function finite(value: number): NumberReading {
  if (Number.isFinite(value)) return { ok: true, value };
  return {
    ok: false,
    reason: "too large to be a number",
    help: "numbers must be below about 1.8e308",
  };
}

function invalid(raw: string, fallback: string): NumberReading {
  if (/__|_$|_\.|\._|_[eE]|[eE]_/.test(raw) || /^\.?_/.test(raw)) {
    return {
      ok: false,
      reason: "`_` may only sit between two digits",
      help: "write digit groups as `1_000_000`",
    };
  }
  if (/[eE][+-]?$/.test(raw)) {
    return { ok: false, reason: "the exponent has no digits", help: "write an exponent as `1e-3`" };
  }
  if (/\..*\./.test(raw)) return { ok: false, reason: "a number has at most one decimal point" };
  const tail = /^[0-9_.]*(?:[eE][+-]?[0-9_]+)?([A-Za-z].*)$/.exec(raw);
  if (tail && !/^0[xXbBoO]/.test(raw)) {
    return {
      ok: false,
      reason: `a number cannot run into letters (\`${tail[1]}\`)`,
      help: "put a space between a number and a name; names cannot start with a digit",
    };
  }
  return { ok: false, reason: fallback };
}
