import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataVariable } from "@vaec/compiler";

/*
 * Helpers for the data tests: hand-built .npy files (so every header variant and every kind of
 * damage can be made on purpose), temp folders and `data` declarations. Tests only.
 */

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "vaec-data-"));
}

export function dataVariable(
  kind: "binary" | "real",
  shape: number[],
  range: [number, number] = [0, 1],
): DataVariable {
  const span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } };
  return { name: "x", kind, shape, size: shape.reduce((a, b) => a * b, 1), range, span };
}

export interface NpyOptions {
  version?: 1 | 2 | 3;
  fortran?: boolean;
  /** Overrides the header's shape text, e.g. "(3L, 2L)". */
  shapeText?: string;
}

/** An .npy file: `data` is the raw little-endian bytes of the values (e.g. new Uint8Array(f32.buffer)). */
export function encodeNpy(
  descr: string,
  shape: number[],
  data: Uint8Array,
  options: NpyOptions = {},
): Uint8Array {
  const version = options.version ?? 1;
  const shapeText = options.shapeText ?? `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${options.fortran ? "True" : "False"}, 'shape': ${shapeText}, }`;
  const lengthBytes = version === 1 ? 2 : 4;
  // Pad with spaces and end with a newline so the data starts on a 64-byte boundary, as NumPy does.
  const unpadded = 8 + lengthBytes + header.length + 1;
  header += " ".repeat((64 - (unpadded % 64)) % 64) + "\n";
  const headerBytes = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + lengthBytes + headerBytes.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, headerBytes.length, true);
  else view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 8 + lengthBytes);
  out.set(data, 8 + lengthBytes + headerBytes.length);
  return out;
}

export function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
