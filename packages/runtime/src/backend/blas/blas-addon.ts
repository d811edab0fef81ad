import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { backendState } from "../backend-state.js";

/** The functions of the addon (vaec_blas.c and the kernels it calls: see them for the arithmetic). */
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
  /** out[r] = sum_j x[r, j] l[r, j] - softplus(l[r, j]). */
  bernoulliLogLik(
    x: Float32Array,
    logits: Float32Array,
    rows: number,
    cols: number,
    out: Float32Array,
  ): void;
  /** dlogits[r, j] = dy[r] (x[r, j] - sigmoid(l[r, j])). */
  bernoulliGrad(
    x: Float32Array,
    logits: Float32Array,
    dy: Float32Array,
    rows: number,
    cols: number,
    dlogits: Float32Array,
  ): void;
  /** A dense layer's gradient before its products: dz = dy masked by y > 0 (relu; linear when y
   * and dz are null: dz is dy), and db = column sums of dz. */
  denseGrad(
    dy: Float32Array,
    y: Float32Array | null,
    rows: number,
    cols: number,
    dz: Float32Array | null,
    db: Float32Array,
  ): void;
  /** The total-correlation term of fused-tc.ts per sample: out [B]. */
  tcRows(
    z: Float32Array,
    mu: Float32Array,
    logvar: Float32Array,
    logW: Float32Array,
    batch: number,
    n: number,
    d: number,
    out: Float32Array,
  ): void;
  /** Its gradient with respect to z [B, d], mu and logvar [N, d] and logW [B, N]. */
  tcGrad(
    z: Float32Array,
    mu: Float32Array,
    logvar: Float32Array,
    logW: Float32Array,
    dy: Float32Array,
    batch: number,
    n: number,
    d: number,
    dz: Float32Array,
    dmu: Float32Array,
    dlogvar: Float32Array,
    dlogW: Float32Array,
  ): void;
  /** The addon's threads (products, Adam, likelihood). `ownSplit`: the addon splits large
   * products into blocks handed out to its threads, each a one-thread sgemm; otherwise
   * OpenBLAS's own pool gets the threads. Returns the threads in use. */
  setThreads(n: number, ownSplit?: boolean): number;
  config(): string;
}

export type AddonLoad =
  { kind: "loaded"; addon: BlasAddon } | { kind: "absent" | "failed"; reason: string };

/** Where `npm run build:blas` puts the addon (an ignored build output). */
export function blasAddonPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, "../../../dist/vaec_blas.node");
}

/** Loads the addon once; tells apart "never built" from "built but will not load". */
export function loadBlasAddon(): AddonLoad {
  backendState.blasAddon ??= loadOnce();
  return backendState.blasAddon;
}

function loadOnce(): AddonLoad {
  const file = blasAddonPath();
  if (!fs.existsSync(file)) {
    return {
      kind: "absent",
      // `npm rebuild` reruns the installed package's postinstall, which builds it.
      reason:
        "native BLAS addon not built (run `npm run build:blas` in the repository, or " +
        "`npm rebuild @vaec/runtime` where vaec is installed)",
    };
  }
  try {
    return { kind: "loaded", addon: createRequire(import.meta.url)(file) as BlasAddon };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { kind: "failed", reason: `native BLAS addon failed to load: ${message}` };
  }
}
