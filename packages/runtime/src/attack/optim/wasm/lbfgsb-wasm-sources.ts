import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/*
 * The C sources of L-BFGS-B's WebAssembly module, and their hash: the build records it in the
 * generated binary file, and a test checks that the committed binary was built from these.
 */

const here = path.dirname(fileURLToPath(import.meta.url));

/** Compiled together into one module, in this order. */
export const LBFGSB_WASM_UNITS = [
  "lbfgsb_steps.c",
  "lbfgsb_memory.c",
  "lbfgsb_cauchy.c",
  "lbfgsb_subspace.c",
].map((file) => path.join(here, file));

/** SHA-256 over the header and the units, each file's name and bytes. */
export function lbfgsbWasmSourceHash(): string {
  const hash = createHash("sha256");
  for (const file of [path.join(here, "lbfgsb_kernels.h"), ...LBFGSB_WASM_UNITS]) {
    hash.update(path.basename(file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}
