/*
 * JSON written in pieces. `JSON.stringify` builds the whole document as one string, and V8
 * strings stop at about 512 MiB, so `vaec check --json` on a spec with a million diagnostics
 * would fail in the serializer. `writeJson` writes exactly what `JSON.stringify(value, null, 2)`
 * would, but the containers at the top levels are written member by member, through a buffer,
 * so no string ever holds more than one member and a buffer's worth of text.
 */

/** How many levels of containers are written member by member (a document, then its lists). */
const STREAMED_LEVELS = 2;
/** Text is passed on in chunks of about this many characters. */
const CHUNK = 1 << 16;

export function writeJson(value: unknown, write: (chunk: string) => void): void {
  let buffer = "";
  const emit = (text: string): void => {
    buffer += text;
    if (buffer.length >= CHUNK) {
      write(buffer);
      buffer = "";
    }
  };
  writeValue(value, "", STREAMED_LEVELS, emit);
  if (buffer !== "") write(buffer);
}

function writeValue(value: unknown, indent: string, levels: number, emit: (t: string) => void) {
  const json = value as { toJSON?: unknown } | null;
  const container = json !== null && typeof json === "object" && typeof json.toJSON !== "function";
  if (!container || levels === 0) {
    // Nested lines take the indentation of where the value sits (strings hold no raw newline).
    emit((JSON.stringify(value, null, 2) ?? "null").replaceAll("\n", `\n${indent}`));
    return;
  }
  const inner = `${indent}  `;
  const entries: Array<[key: string | undefined, item: unknown]> = Array.isArray(value)
    ? value.map((item) => [undefined, isSkipped(item) ? null : item])
    : Object.entries(value as object)
        .filter(([, item]) => !isSkipped(item))
        .map(([key, item]) => [key, item]);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    emit(`${open}${close}`);
    return;
  }
  emit(`${open}\n`);
  entries.forEach(([key, item], i) => {
    emit(key === undefined ? inner : `${inner}${JSON.stringify(key)}: `);
    writeValue(item, inner, levels - 1, emit);
    emit(i < entries.length - 1 ? ",\n" : "\n");
  });
  emit(`${indent}${close}`);
}

/** What JSON.stringify leaves out of objects (and writes as null in arrays). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}
