import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The functions of vaec_blas.c (see that file for the arithmetic). */
export interface BlasAddon {
  sgemm(
    transposeA: boolean,
    transposeB: boolean,
    batch: number,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    strideA: number,
    b: Float32Array,
    strideB: number,
    c: Float32Array,
  ): void;
  biasActivation(
    c: Float32Array,
    bias: Float32Array | null,
    rows: number,
    cols: number,
    activation: number,
  ): void;
  adam(
    p: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    p2: Float32Array,
    m2: Float32Array,
    v2: Float32Array,
    rate: number,
    beta1: number,
    beta2: number,
    eps: number,
  ): void;
  setThreads(n: number): number;
  config(): string;
}

export type AddonLoad =
  { kind: "loaded"; addon: BlasAddon } | { kind: "absent" | "failed"; reason: string };

/** Where `npm run build:blas` puts the addon (an ignored build output). */
export function blasAddonPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, "../../../dist/vaec_blas.node");
}

let cached: AddonLoad | undefined;

/** Loads the addon once; tells apart "never built" from "built but will not load". */
export function loadBlasAddon(): AddonLoad {
  if (cached) return cached;
  const file = blasAddonPath();
  if (!fs.existsSync(file)) {
    cached = { kind: "absent", reason: "native BLAS addon not built (run `npm run build:blas`)" };
    return cached;
  }
  try {
    const addon = createRequire(import.meta.url)(file) as BlasAddon;
    cached = { kind: "loaded", addon };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    cached = { kind: "failed", reason: `native BLAS addon failed to load: ${message}` };
  }
  return cached;
}
