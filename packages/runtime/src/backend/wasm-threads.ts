import * as tf from "@tensorflow/tfjs-core";
import { loadBlasAddon } from "./blas/blas-addon.js";
import { applyConditionalDefaults, type FastPathTuning } from "./fast-path-switches.js";
import type { ResolvedFastPath } from "./fast-path-settings.js";
import { physicalCores } from "./physical-cores.js";
import { useWasmThreads, type WasmPackage } from "./wasm-threads-build.js";

/*
 * Whether and with how many threads the `wasm` backend starts (`VAEC_WASM_THREADS`,
 * `VAEC_WASM_THREAD_COUNT`); wasm-threads-build.ts starts the threaded build itself.
 */

/** The most threads: emscripten pre-starts 8 workers and tfjs's C++ caps XNNPACK's pool at 8. */
export const MAX_WASM_THREADS = 8;

/**
 * Threads for the threaded build: `VAEC_WASM_THREAD_COUNT`, else the physical cores (at most 8),
 * what the BLAS path and PyTorch use. Not tfjs's logical cores / 2, which assumes two hyperthreads
 * per core: this 2-core machine has none, and it gives 1.
 */
export function wasmThreadCount(tuning: FastPathTuning): number {
  return Math.min(tuning.wasmThreadCount ?? physicalCores(), MAX_WASM_THREADS);
}

/** Why the threaded build cannot run here, or undefined when it can. */
export async function threadedWasmUnavailable(): Promise<string | undefined> {
  if (!(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"))) return "no wasm SIMD (it is SIMD only)";
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    if (memory.buffer instanceof SharedArrayBuffer) return undefined;
  } catch {
    // Falls through: no shared wasm memory.
  }
  return "no shared wasm memory (wasm threads) in this Node";
}

/**
 * Starts the `wasm` backend, threaded when the switch says so and the build can run here (else
 * tfjs's single-threaded SIMD build), and says with how many threads and, when threads were asked
 * for but are not used, why. Left to its default the switch is off where the OpenBLAS addon does
 * the matmuls (its `offWith` in fast-path-switches.ts).
 */
export async function startWasm(
  pkg: WasmPackage,
  { settings, explicit, tuning }: Omit<ResolvedFastPath, "malformed">,
): Promise<{ started: boolean; threads: number; notes: string[] }> {
  const blas = settings.blas && loadBlasAddon().kind === "loaded";
  const defaults = applyConditionalDefaults(settings, explicit, { blas });
  const notes = defaults.notes;
  const threaded = defaults.settings.wasmThreads;
  let threads = threaded ? wasmThreadCount(tuning) : 1;
  const unavailable = threads > 1 ? await threadedWasmUnavailable() : undefined;
  if (unavailable) {
    notes.push(`wasm threads off: ${unavailable}`);
    threads = 1;
  } else if (threaded && threads === 1) {
    notes.push("wasm threads off: one core (VAEC_WASM_THREAD_COUNT sets the count)");
  }
  useWasmThreads(pkg, threads);
  let started = await setWasmBackend();
  if (!started && threads > 1) {
    notes.push("wasm threads off: the threaded build failed to start");
    useWasmThreads(pkg, 1);
    started = await setWasmBackend();
  }
  return { started, threads: started ? pkg.getThreadsCount() : 0, notes };
}

async function setWasmBackend(): Promise<boolean> {
  try {
    return await tf.setBackend("wasm");
  } catch {
    return false;
  }
}
