import type { Result } from "@vaec/compiler";
import { unzipSync } from "fflate";
import { notNpz, npzKeyMissing, type DataSite } from "./data-diagnostics.js";
import { readNpy, type NdArray } from "./npy.js";

/*
 * An .npz is a zip archive of .npy files, one per key (`numpy.savez(path, imgs=x)` stores
 * `imgs.npy`), stored or deflated (`savez_compressed`). fflate unzips it; only the requested
 * entry is inflated, so a large archive's other arrays cost nothing. NumPy marks every entry
 * ZIP64 (numpy gh-10776), which fflate reads.
 */
export function readNpz(
  bytes: Uint8Array,
  path: string,
  key: string,
  site: DataSite,
): Result<NdArray> {
  const wanted = key.endsWith(".npy") ? key : `${key}.npy`;
  const names: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        return file.name === wanted;
      },
    });
  } catch (e) {
    return { diagnostics: [notNpz(site, path, e instanceof Error ? e.message : String(e))] };
  }
  const entry = entries[wanted];
  if (entry === undefined) {
    const keys = names.map((n) => n.replace(/\.npy$/, ""));
    return { diagnostics: [npzKeyMissing(site, path, key, keys)] };
  }
  return readNpy(entry, `${path}[${key}]`, site);
}
