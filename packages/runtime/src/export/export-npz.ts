import { zipSync } from "fflate";
import type { VaeModel } from "../model/vae-model.js";
import { encodeNpy } from "./npy.js";

/**
 * Every parameter as a named float32 array (`p.z1/dense0/kernel`, in `[in, out]` layout; conv
 * kernels `[k, k, in, out]`, transposed-conv kernels `[k, k, out, in]` as tfjs stores them) plus
 * the IR as `ir.json`, in one .npz: `np.load(f)["p.z1/dense0/kernel"]`, `np.load(f)["ir.json"]`
 * (bytes; `json.loads` them).
 */
export function exportNpz(model: VaeModel): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, variable] of model.params) {
    files[`${name}.npy`] = encodeNpy(variable.dataSync() as Float32Array, variable.shape);
  }
  files["ir.json"] = new TextEncoder().encode(JSON.stringify(model.ir, null, 2) + "\n");
  // Stored, not deflated: weights barely compress and numpy reads either.
  return zipSync(files, { level: 0 });
}
