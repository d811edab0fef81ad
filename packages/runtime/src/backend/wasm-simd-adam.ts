/*
 * Adam's loop as a few hundred bytes of WebAssembly SIMD that imports the wasm backend's own
 * memory, for the pure wasm path (no BLAS addon): 128-bit vectors, four parameters at a time,
 * where the JavaScript loop does one (12.8 M parameters per step on the reference workload).
 * The module is assembled here from its opcodes, so there is no build step and no binary file:
 *
 *   adam(p, g, m, v, p2, m2, v2, bytes, rate, beta1, 1 - beta1, beta2, 1 - beta2, eps)
 *     for k in 0, 16, ..., bytes - 16 (byte offsets; pointers are byte addresses):
 *       g4 = g[k]; m4 = beta1 m[k] + (1 - beta1) g4; v4 = beta2 v[k] + (1 - beta2) g4 g4
 *       m2[k] = m4; v2[k] = v4; p2[k] = p[k] - rate m4 / (sqrt(v4) + eps)
 *
 * the same arithmetic as the JavaScript loop in fused-adam.ts, in float32 throughout. M2 may be
 * M and V2 may be V (each vector is loaded before it is stored). It runs on the calling thread;
 * with the threaded build the memory is shared and imported as such.
 */

export type SimdAdam = (
  p: number,
  g: number,
  m: number,
  v: number,
  p2: number,
  m2: number,
  v2: number,
  bytes: number,
  rate: number,
  beta1: number,
  c1: number,
  beta2: number,
  c2: number,
  eps: number,
) => void;

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const simd = (op: number) => (op < 0x80 ? [0xfd, op] : [0xfd, (op & 0x7f) | 0x80, op >> 7]);
const load = [...simd(0x00), 2, 0]; // v128.load align=4 offset=0
const store = [...simd(0x0b), 2, 0];
const splat = simd(0x13);
const [sqrt, add, sub, mul, div] = [0xe3, 0xe4, 0xe5, 0xe6, 0xe7].map(simd);
const I32_ADD = 0x6a;
const I32_GE_U = 0x4f;

// Parameters 0-6 pointers, 7 bytes, 8-13 the scalars; locals: 14 k, 15-20 the splatted scalars,
// 21 g4, 22 m4, 23 v4.
const [P, G, M, V, P2, M2, V2, BYTES] = [0, 1, 2, 3, 4, 5, 6, 7];
const [K, RATE, B1, C1, B2, C2, EPS, G4, M4, V4] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
const at = (ptr: number) => [...get(ptr), ...get(K), I32_ADD];

function body(): number[] {
  const code: number[] = [];
  for (let i = 0; i < 6; i++) code.push(...get(8 + i), ...splat, ...set(RATE + i));
  code.push(0x02, 0x40, 0x03, 0x40); // block, loop
  code.push(...get(K), ...get(BYTES), I32_GE_U, 0x0d, 1); // br_if out
  code.push(...at(G), ...load, ...set(G4));
  code.push(...get(B1), ...at(M), ...load, ...mul, ...get(C1), ...get(G4), ...mul, ...add);
  code.push(...set(M4));
  code.push(...get(B2), ...at(V), ...load, ...mul, ...get(C2), ...get(G4), ...mul, ...get(G4));
  code.push(...mul, ...add, ...set(V4));
  code.push(...at(M2), ...get(M4), ...store, ...at(V2), ...get(V4), ...store);
  code.push(...at(P2), ...at(P), ...load, ...get(RATE), ...get(M4), ...mul);
  code.push(...get(V4), ...sqrt, ...get(EPS), ...add, ...div, ...sub, ...store);
  code.push(...get(K), 0x41, 16, I32_ADD, ...set(K)); // k += 16
  code.push(0x0c, 0, 0x0b, 0x0b, 0x0b); // br loop, end loop, end block, end func
  const locals = [2, 1, I32, 9, V128];
  return [...leb(locals.length + code.length), ...locals, ...code];
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];

function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const params = [...Array(8).fill(I32), ...Array(6).fill(F32)];
  // Memory limits: min 0 pages; a shared memory (the threaded build) must declare a maximum.
  const limits = shared ? [0x03, 0x00, ...leb(65536)] : [0x00, 0x00];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, params.length, ...params, 0]),
    ...section(2, [1, ...name("env"), ...name("memory"), 0x02, ...limits]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name("adam"), 0x00, 0]),
    ...section(10, [1, ...body()]),
  ]);
}

/** The SIMD loop over `memory` (plain or shared), or undefined where the engine refuses it. */
export function simdAdam(memory: WebAssembly.Memory | undefined): SimdAdam | undefined {
  if (!memory) return undefined;
  try {
    const shared = !(memory.buffer instanceof ArrayBuffer);
    const module = new WebAssembly.Module(moduleBytes(shared));
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    return instance.exports.adam as SimdAdam;
  } catch {
    return undefined;
  }
}
