import { zipSync } from "fflate";
import { readAllValues } from "../backend/webgpu/read-values.js";
import type { VaeModel } from "../model/vae-model.js";
import { encodeNpy } from "./npy.js";

/**
 * Every parameter as a named float32 array (`p.z1/dense0/kernel`, in `[in, out]` layout; conv
 * kernels `[k, k, in, out]`, transposed-conv kernels `[k, k, out, in]` as tfjs stores them) plus
 * the IR as `ir.json`, in one .npz: `np.load(f)["p.z1/dense0/kernel"]`, `np.load(f)["ir.json"]`
 * (bytes; `json.loads` them).
 */
export async function exportNpz(model: VaeModel): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const params = [...model.params];
  const values = await readAllValues(params.map(([, variable]) => variable));
  params.forEach(([name, variable], i) => {
    files[`${name}.npy`] = encodeNpy(values[i], variable.shape);
  });
  files["ir.json"] = new TextEncoder().encode(JSON.stringify(model.ir, null, 2) + "\n");
  // Stored, not deflated: weights barely compress and numpy reads either.
  return zipSync(files, { level: 0 });
}
