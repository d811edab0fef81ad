import os from "node:os";
import {
  FAST_PATH_SWITCHES,
  fastPathEnv,
  physicalCores,
  switchesIn,
  switchesSet,
  type FastPathTuning,
  type SwitchKey,
} from "@vaec/runtime";

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
  /** Cores the configuration computes on: the PyTorch run it is compared with uses as many. */
  threads: number;
  /** Only where Dawn finds a GPU adapter (skipped with the reason elsewhere). */
  needsGpu?: boolean;
}

const cores = physicalCores();

/** The switches of the wasm backend (the attacks' solver's is no training switch). */
const WASM_SWITCHES = FAST_PATH_SWITCHES.filter((s) => s.backends === "wasm").map((s) => s.key);
/** The pieces of the fast path that fuse ops (Adam in place and the fused ops). */
const FUSED_OPS = switchesIn("fused-op");

/** The environment with every wasm switch off but `on`: the pieces added one at a time. */
function only(...on: SwitchKey[]): Record<string, string> {
  return fastPathEnv({ ...switchesSet(WASM_SWITCHES, false), ...switchesSet(on, true) });
}

/** The environment with `off` off and the rest at their defaults, plus `tuning`. */
function without(off: SwitchKey[], tuning: FastPathTuning = {}): Record<string, string> {
  return fastPathEnv(switchesSet(off, false), tuning);
}

export const RAW_CONFIGS: TrainConfig[] = [
  { id: "cpu", label: "tfjs cpu backend", env: { VAEC_BACKEND: "cpu" }, slow: true, threads: 1 },
  {
    id: "wasm-shipped",
    label: "wasm as shipped",
    env: { VAEC_BACKEND: "wasm", ...only() },
    slow: true,
    threads: 1,
  },
  {
    id: "wasm-matmul",
    label: "wasm + untransposed matmul gradients",
    env: { VAEC_BACKEND: "wasm", ...only("matmul") },
    threads: 1,
  },
  {
    id: "wasm-fast",
    label: "wasm + matmul + fused Adam",
    env: { VAEC_BACKEND: "wasm", ...only("matmul", "fusedAdam") },
    threads: 1,
  },
  {
    id: "wasm-identity",
    label: "+ shared Identity",
    env: { VAEC_BACKEND: "wasm", ...without(["blas", "wasmThreads", ...FUSED_OPS]) },
    threads: 1,
  },
  {
    id: "wasm-pure",
    label: "+ fused ops, in-place SIMD Adam (pure wasm)",
    env: { VAEC_BACKEND: "wasm", ...without(["blas", "wasmThreads"]) },
    threads: 1,
  },
  {
    id: "wasm-pure-threads",
    label: `pure wasm, threaded SIMD, ${cores} threads (default without BLAS)`,
    env: {
      VAEC_BACKEND: "wasm",
      ...fastPathEnv({ blas: false, wasmThreads: true }, { wasmThreadCount: cores }),
    },
    threads: cores,
  },
  {
    id: "wasm-blas-plain",
    label: "OpenBLAS, 1 thread, without the fused ops",
    env: { VAEC_BACKEND: "wasm", ...without(FUSED_OPS, { blasThreads: 1 }) },
    needsBlas: true,
    threads: 1,
  },
  {
    id: "wasm-blas-1",
    label: "OpenBLAS + fused ops, 1 thread",
    env: { VAEC_BACKEND: "wasm", ...without([], { blasThreads: 1 }) },
    needsBlas: true,
    threads: 1,
  },
  {
    id: "wasm-blas",
    label: `same, ${cores} thread${cores === 1 ? "" : "s"} (default where built)`,
    env: { VAEC_BACKEND: "wasm" },
    needsBlas: true,
    threads: cores,
  },
  // WebGPU (issue 16). On a GPU adapter (Vulkan on Linux): VAEC_WEBGPU_SOFTWARE=0 refuses the
  // software one, so the row is skipped where there is no GPU. On Mesa's software adapter
  // (llvmpipe through OpenGL ES): what CI tests on; it computes on the CPU's cores.
  {
    id: "webgpu-gpu",
    label: "webgpu on a GPU adapter",
    env: { VAEC_BACKEND: "webgpu", ...fastPathEnv({}, { webgpuSoftware: false }) },
    needsGpu: true,
    threads: cores,
  },
  {
    id: "webgpu-software",
    label: "webgpu on Mesa's software adapter (llvmpipe, on the CPU)",
    env: { VAEC_BACKEND: "webgpu" },
    slow: true,
    threads: cores,
  },
  // Hyperthreads: the default is one thread per physical core; this row shows the logical ones.
  ...(os.availableParallelism() > cores
    ? [
        {
          id: "wasm-blas-all-cores",
          label: `same, OpenBLAS on all ${os.availableParallelism()} logical cores`,
          env: {
            VAEC_BACKEND: "wasm",
            ...without([], { blasThreads: os.availableParallelism() }),
          },
          needsBlas: true,
          threads: os.availableParallelism(),
        },
      ]
    : []),
];

/** The spec workloads run with the default (best available) configuration. */
export const DEFAULT_ENV: Record<string, string> = {};
