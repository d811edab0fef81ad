import type { Result } from "@vaec/compiler";
import {
  fortranOrder,
  notNpy,
  truncated,
  unsupportedDtype,
  type DataSite,
} from "./data-diagnostics.js";
import type { NumericArray } from "./dataset.js";

/*
 * A reader for NumPy's .npy format (numpy/lib/format.py, versions 1.0, 2.0 and 3.0):
 *   "\x93NUMPY", major, minor, header length (uint16 for v1, uint32 for v2 and v3),
 *   a Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (N, 64, 64), }
 *   (latin-1 for v1 and v2, UTF-8 for v3), padded with spaces and a newline, then the raw
 *   C-order data. Written here rather than taken from npyjs because every way a file can be
 *   wrong must become a coded diagnostic saying what was expected (npyjs throws a bare RangeError
 *   on a truncated file and reads trailing bytes as data); the npyjs writer is used in the tests
 *   as an independent check.
 *
 * Values keep their element type (1 byte per pixel stays 1 byte: real dSprites is 737,280 x 64 x
 * 64 uint8), except float16, converted to float32, and 64-bit integers, converted to float64
 * (exact below 2^53). Little-endian only; vaec runs on little-endian machines.
 */

export interface NdArray {
  /** The header's descr, e.g. "<f4". */
  dtype: string;
  shape: number[];
  values: NumericArray;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

interface DtypeReader {
  bytes: number;
  read(buffer: ArrayBuffer, byteOffset: number, count: number): NumericArray;
}

const READERS: Record<string, DtypeReader> = {
  f2: { bytes: 2, read: (b, o, n) => Float32Array.from(new Uint16Array(b, o, n), halfToFloat) },
  f4: { bytes: 4, read: (b, o, n) => new Float32Array(b, o, n) },
  f8: { bytes: 8, read: (b, o, n) => new Float64Array(b, o, n) },
  u1: { bytes: 1, read: (b, o, n) => new Uint8Array(b, o, n) },
  b1: { bytes: 1, read: (b, o, n) => new Uint8Array(b, o, n) },
  i1: { bytes: 1, read: (b, o, n) => new Int8Array(b, o, n) },
  u2: { bytes: 2, read: (b, o, n) => new Uint16Array(b, o, n) },
  i2: { bytes: 2, read: (b, o, n) => new Int16Array(b, o, n) },
  u4: { bytes: 4, read: (b, o, n) => new Uint32Array(b, o, n) },
  i4: { bytes: 4, read: (b, o, n) => new Int32Array(b, o, n) },
  u8: { bytes: 8, read: (b, o, n) => Float64Array.from(new BigUint64Array(b, o, n), Number) },
  i8: { bytes: 8, read: (b, o, n) => Float64Array.from(new BigInt64Array(b, o, n), Number) },
};

/** Parses the bytes of an .npy file; `path` names it in diagnostics. */
export function readNpy(bytes: Uint8Array, path: string, site: DataSite): Result<NdArray> {
  const fail = (d: Result<NdArray>["diagnostics"][number]): Result<NdArray> => ({
    diagnostics: [d],
  });
  const prefix = Math.min(bytes.length, MAGIC.length);
  if (!MAGIC.slice(0, prefix).every((m, i) => bytes[i] === m)) {
    return fail(notNpy(site, path, "it does not start with the .npy magic string `\\x93NUMPY`"));
  }
  if (bytes.length < 10) return fail(truncated(site, path, 10, bytes.length));
  const major = bytes[6];
  if (major < 1 || major > 3)
    return fail(notNpy(site, path, `unknown format version ${major}.${bytes[7]}`));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes)
    return fail(truncated(site, path, 8 + lengthBytes, bytes.length));
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (bytes.length < dataOffset) return fail(truncated(site, path, dataOffset, bytes.length));
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(
    bytes.subarray(8 + lengthBytes, dataOffset),
  );

  // A repeated key would make the header mean two things (NumPy's own reader keeps the last).
  const keys = [...header.matchAll(/['"](\w+)['"]\s*:/g)].map((m) => m[1]);
  const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
  if (repeated !== undefined)
    return fail(notNpy(site, path, `its header gives the key \`${repeated}\` twice`));

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  if (descr === undefined) {
    return fail(
      header.includes("'descr'")
        ? unsupportedDtype(site, path, "structured")
        : notNpy(site, path, "its header has no `descr`"),
    );
  }
  const order = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (order === undefined || shapeText === undefined) {
    return fail(notNpy(site, path, "its header lacks `fortran_order` or `shape`"));
  }
  const dims = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (!dims.every((d) => /^\d+L?$/.test(d)))
    return fail(notNpy(site, path, `its shape \`(${shapeText})\` is not a tuple of sizes`));
  const shape = dims.map((d) => Number.parseInt(d, 10));

  const code = descr.slice(1);
  const reader = /^[<|]/.test(descr) && Object.hasOwn(READERS, code) ? READERS[code] : undefined;
  if (!reader) return fail(unsupportedDtype(site, path, descr));
  if (order === "True") return fail(fortranOrder(site, path));

  const count = shape.reduce((a, b) => a * b, 1);
  const expected = dataOffset + count * reader.bytes;
  if (bytes.length !== expected) return fail(truncated(site, path, expected, bytes.length));
  // Typed-array views need their element size's alignment; copy the data only when it lacks it.
  const start = bytes.byteOffset + dataOffset;
  const aligned = start % reader.bytes === 0;
  const buffer = aligned ? bytes.buffer : bytes.slice(dataOffset).buffer;
  const values = reader.read(buffer as ArrayBuffer, aligned ? start : 0, count);
  return { result: { dtype: descr, shape, values }, diagnostics: [] };
}

/** IEEE 754 half precision to a JavaScript number. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
