import os from "node:os";

/**
 * The training configurations the benchmark compares, each run in its own process with these
 * environment variables. The switches are added one at a time so each row shows what one piece of
 * the fast path contributes (docs/performance.md).
 */
export interface TrainConfig {
  id: string;
  label: string;
  env: Record<string, string>;
  /** Slow configurations get fewer, shorter repetitions (a step takes seconds). */
  slow?: boolean;
  /** Only where the native BLAS addon is built (`npm run build:blas`). */
  needsBlas?: boolean;
}

const ALL_OFF = {
  VAEC_FAST_MATMUL: "0",
  VAEC_FUSED_ADAM: "0",
  VAEC_BLAS: "0",
  VAEC_SHARED_IDENTITY: "0",
};

export const RAW_CONFIGS: TrainConfig[] = [
  { id: "cpu", label: "tfjs cpu backend", env: { VAEC_BACKEND: "cpu" }, slow: true },
  {
    id: "wasm-shipped",
    label: "wasm as shipped",
    env: { VAEC_BACKEND: "wasm", ...ALL_OFF },
    slow: true,
  },
  {
    id: "wasm-matmul",
    label: "wasm + untransposed matmul gradients",
    env: { VAEC_BACKEND: "wasm", ...ALL_OFF, VAEC_FAST_MATMUL: "1" },
  },
  {
    id: "wasm-fast",
    label: "wasm + matmul + fused Adam",
    env: { VAEC_BACKEND: "wasm", ...ALL_OFF, VAEC_FAST_MATMUL: "1", VAEC_FUSED_ADAM: "1" },
  },
  {
    id: "wasm-pure",
    label: "+ shared Identity (pure wasm default)",
    env: { VAEC_BACKEND: "wasm", VAEC_BLAS: "0" },
  },
  {
    id: "wasm-blas",
    label: "+ OpenBLAS (default where built)",
    env: { VAEC_BACKEND: "wasm" },
    needsBlas: true,
  },
  {
    id: "wasm-blas-all-cores",
    label: `same, OpenBLAS on all ${os.availableParallelism()} cores`,
    env: { VAEC_BACKEND: "wasm", VAEC_BLAS_THREADS: String(os.availableParallelism()) },
    needsBlas: true,
  },
];

/** The spec workloads run with the default (best available) configuration. */
export const DEFAULT_ENV: Record<string, string> = {};
