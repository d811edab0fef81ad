/*
 * NumPy's .npy format, version 1.0: magic, a little-endian header length, a Python-dict header
 * padded with spaces to a multiple of 64 bytes ending in a newline, then the raw data (C order).
 */
export function encodeNpy(values: Float32Array, shape: number[]): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const preamble = 10;
  const total = Math.ceil((preamble + header.length + 1) / 64) * 64;
  header = header.padEnd(total - preamble - 1, " ") + "\n";
  const out = new Uint8Array(total + values.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
  // Typed arrays are little-endian on every platform Node runs on.
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), total);
  return out;
}
