import { dump } from "npyjs";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { dataSite } from "./data-diagnostics.js";
import { readNpy } from "./npy.js";
import { readNpz } from "./npz.js";
import { bytesOf, dataVariable, encodeNpy } from "../../test-support/data-files.js";

const site = dataSite(dataVariable("real", [2, 3]), "spec.vae");

function codes(r: { diagnostics: Array<{ code: string }> }): string[] {
  return r.diagnostics.map((d) => d.code);
}

describe("readNpy", () => {
  it("reads a file written by an independent writer (npyjs)", () => {
    const values = Float32Array.from([1.5, -2, 3, 4, 5, 6.25]);
    const r = readNpy(new Uint8Array(dump(values, [2, 3])), "a.npy", site);
    expect(r.diagnostics).toEqual([]);
    expect(r.result!.shape).toEqual([2, 3]);
    expect(r.result!.dtype).toBe("<f4");
    expect(Array.from(r.result!.values)).toEqual(Array.from(values));
  });

  it.each([1, 2, 3] as const)("reads format version %i headers", (version) => {
    const values = Float64Array.from([0.5, 0.25, 1, 0]);
    const r = readNpy(encodeNpy("<f8", [4], bytesOf(values), { version }), "a.npy", site);
    expect(r.diagnostics).toEqual([]);
    expect(r.result!.shape).toEqual([4]);
    expect(Array.from(r.result!.values)).toEqual([0.5, 0.25, 1, 0]);
  });

  it.each([
    ["|u1", Uint8Array.from([0, 1, 255]), [0, 1, 255]],
    ["|b1", Uint8Array.from([1, 0, 1]), [1, 0, 1]],
    ["|i1", Int8Array.from([-3, 0, 7]), [-3, 0, 7]],
    ["<i2", Int16Array.from([-300, 0, 700]), [-300, 0, 700]],
    ["<u2", Uint16Array.from([1, 60000, 2]), [1, 60000, 2]],
    ["<i4", Int32Array.from([-1, 2, 3]), [-1, 2, 3]],
    ["<u4", Uint32Array.from([1, 4000000000, 2]), [1, 4000000000, 2]],
    ["<i8", BigInt64Array.from([-5n, 0n, 9007199254740991n]), [-5, 0, 9007199254740991]],
    ["<u8", BigUint64Array.from([5n, 0n, 12n]), [5, 0, 12]],
    ["<f2", Uint16Array.from([0x3c00, 0xc000, 0x3800]), [1, -2, 0.5]],
  ] as const)("reads %s values", (descr, values, expected) => {
    const r = readNpy(encodeNpy(descr, [3], bytesOf(values)), "a.npy", site);
    expect(r.diagnostics).toEqual([]);
    expect(Array.from(r.result!.values)).toEqual(expected);
  });

  it("reads Python 2 style shapes and data that is not aligned in memory", () => {
    const values = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const file = encodeNpy("<f4", [2, 3], bytesOf(values), { shapeText: "(2L, 3L)" });
    const shifted = new Uint8Array(file.length + 1).subarray(1);
    shifted.set(file);
    const r = readNpy(shifted, "a.npy", site);
    expect(r.diagnostics).toEqual([]);
    expect(r.result!.shape).toEqual([2, 3]);
    expect(Array.from(r.result!.values)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("rejects a file that is not .npy (VAE501)", () => {
    const r = readNpy(new TextEncoder().encode("hello, world"), "a.npy", site);
    expect(codes(r)).toEqual(["VAE501"]);
    expect(r.diagnostics[0].message).toContain("`a.npy`");
    const v9 = encodeNpy("<f4", [1], new Uint8Array(4));
    v9[6] = 9;
    expect(codes(readNpy(v9, "a.npy", site))).toEqual(["VAE501"]);
  });

  it("reports truncated data and headers with the byte counts (VAE502)", () => {
    const file = encodeNpy("<f4", [2, 3], new Uint8Array(24));
    const cut = readNpy(file.subarray(0, file.length - 5), "cut.npy", site);
    expect(codes(cut)).toEqual(["VAE502"]);
    expect(cut.diagnostics[0].message).toBe(
      `\`cut.npy\` is truncated: expected ${file.length} bytes, found ${file.length - 5}`,
    );
    expect(codes(readNpy(file.subarray(0, 30), "cut.npy", site))).toEqual(["VAE502"]);
    expect(codes(readNpy(file.subarray(0, 7), "cut.npy", site))).toEqual(["VAE502"]);
    const long = new Uint8Array(file.length + 4);
    long.set(file);
    expect(readNpy(long, "long.npy", site).diagnostics[0].message).toContain(
      "longer than its header says",
    );
  });

  it("rejects big-endian, complex, string and structured dtypes (VAE503)", () => {
    for (const descr of [">f4", "<c8", "<U3", "|O"]) {
      const r = readNpy(encodeNpy(descr, [1], new Uint8Array(16)), "a.npy", site);
      expect(codes(r)).toEqual(["VAE503"]);
      expect(r.diagnostics[0].message).toContain(`\`${descr}\``);
    }
    const structured = new TextEncoder().encode(
      "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }\n",
    );
    const file = new Uint8Array(10 + structured.length + 4);
    file.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, structured.length, 0]);
    file.set(structured, 10);
    expect(codes(readNpy(file, "a.npy", site))).toEqual(["VAE503"]);
  });

  it("rejects Fortran-order arrays (VAE504)", () => {
    const r = readNpy(
      encodeNpy("<f4", [2, 3], new Uint8Array(24), { fortran: true }),
      "f.npy",
      site,
    );
    expect(codes(r)).toEqual(["VAE504"]);
    expect(r.diagnostics[0].help).toContain("ascontiguousarray");
  });
});

describe("readNpz", () => {
  const a = encodeNpy("<f4", [2], bytesOf(Float32Array.from([0.25, 0.75])));
  const b = encodeNpy("|u1", [3], Uint8Array.from([0, 1, 1]));

  it.each([0, 6])("reads the array under a key (deflate level %i)", (level) => {
    const npz = zipSync({ "imgs.npy": b, "other.npy": a }, { level: level as 0 | 6 });
    const r = readNpz(npz, "d.npz", "imgs", site);
    expect(r.diagnostics).toEqual([]);
    expect(Array.from(r.result!.values)).toEqual([0, 1, 1]);
    expect(Array.from(readNpz(npz, "d.npz", "other", site).result!.values)).toEqual([0.25, 0.75]);
  });

  it("reads an archive written by NumPy itself (ZIP64 entry headers)", () => {
    // numpy 2.4: numpy.savez_compressed(f, imgs=numpy.array([[0, 1, 1], [1, 0, 0]], dtype="|u1"))
    const npz = Buffer.from(
      "UEsDBC0AAAAIAAAAIQB11ODK//////////8IABQAaW1ncy5ucHkBABAAhgAAAAAAAABMAAAAAAAAAJvsF+obEMnIUMZQrZ6S" +
        "WpxcpG6loF5Taqiuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GkY6CsaaOgq1CmQDLgZGRkYGBgBQSwECLQMt" +
        "AAAACAAAACEAddTgykwAAACGAAAACAAAAAAAAAAAAAAAgAEAAAAAaW1ncy5ucHlQSwUGAAAAAAEAAQA2AAAAhgAAAAAA",
      "base64",
    );
    const r = readNpz(npz, "d.npz", "imgs", site);
    expect(r.diagnostics).toEqual([]);
    expect(r.result!.shape).toEqual([2, 3]);
    expect(Array.from(r.result!.values)).toEqual([0, 1, 1, 1, 0, 0]);
  });

  it("lists the keys when the one asked for is missing (VAE509)", () => {
    const r = readNpz(zipSync({ "imgs.npy": b, "latents_values.npy": a }), "d.npz", "images", site);
    expect(codes(r)).toEqual(["VAE509"]);
    expect(r.diagnostics[0].notes[0]).toBe("it holds `imgs`, `latents_values`");
  });

  it("rejects a file that is not a zip archive (VAE510)", () => {
    expect(codes(readNpz(new Uint8Array(100).fill(7), "d.npz", "imgs", site))).toEqual(["VAE510"]);
  });

  it("names the entry of a damaged array inside the archive", () => {
    const r = readNpz(zipSync({ "imgs.npy": b.subarray(0, b.length - 1) }), "d.npz", "imgs", site);
    expect(codes(r)).toEqual(["VAE502"]);
    expect(r.diagnostics[0].message).toContain("`d.npz[imgs]`");
  });
});

describe("readNpy: header keys", () => {
  it("rejects a header that gives a key twice (VAE501)", () => {
    const values = bytesOf(Float32Array.from([1, 2]));
    const twice = encodeNpy("<f4", [2], values, { shapeText: "(2,), 'shape': (1," });
    const r = readNpy(twice, "twice.npy", site);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "VAE501",
        "`twice.npy` is not a readable .npy array: its header gives the key `shape` twice",
      ],
    ]);
  });
});
