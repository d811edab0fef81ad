import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import { backendState } from "./backend-state.js";

/*
 * tfjs-backend-wasm's threaded SIMD build, started in Node. tfjs refuses it there: its
 * `WASM_HAS_MULTITHREAD_SUPPORT` flag is false under Node, it gives emscripten the pthread worker
 * as a blob: URL (Node's worker_threads loads only files) and the main script as a Blob the worker
 * cannot import, and XNNPACK's pool is capped at logical cores / 2. Rather than patch the package,
 * vaec registers its own factory under the backend name `wasm`: the package's emscripten glue
 * (wasm-out/) with a real worker file (wasm-threads-worker.cjs) and the glue's own path as the
 * script each worker loads, and the package's `BackendWasm` on top, so every wasm kernel (tfjs's
 * and vaec's overrides) runs unchanged. Workers are unref'd so a finished command still exits.
 */

export type WasmPackage = typeof import("@tensorflow/tfjs-backend-wasm");
type WasmModule = ConstructorParameters<WasmPackage["BackendWasm"]>[0];

/** What vaec touches of the emscripten module beyond tfjs's interface. */
interface ThreadedModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => number;
  PThread: { runningWorkers: Worker[]; unusedWorkers: Worker[] };
  tfjs?: unknown;
}

type Factory = (config: {
  locateFile(file: string): string;
  mainScriptUrlOrBlob: string;
  instantiateWasm(
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ): object;
  onAbort(what: unknown): void;
}) => Promise<ThreadedModule>;

const require = createRequire(import.meta.url);
const WASM_OUT = path.dirname(
  require.resolve("@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js"),
);
const WORKER = fileURLToPath(new URL("./wasm-threads-worker.cjs", import.meta.url));
const WASM_PRIORITY = 2;

/** The build registered as `wasm` now, tfjs's own factory, and every worker started for the
 * threaded build (to stop them when it is dropped or fails). */
const build = backendState.wasmBuild;

/**
 * Registers the build to use as the `wasm` backend: tfjs's own for 1 thread, the threaded SIMD
 * build for more. Switching drops the current wasm backend (and its tensors), so callers switch
 * before creating tensors; asking again for the build in place changes nothing.
 */
export function useWasmThreads(pkg: WasmPackage, threads: number): void {
  if (threads === build.threads) return;
  build.shipped ??= tf.findBackendFactory("wasm");
  const shipped = build.shipped;
  if (!shipped) throw new Error("tfjs-backend-wasm registered no `wasm` backend");
  tf.removeBackend("wasm");
  stopWorkers();
  if (threads > 1) tf.registerBackend("wasm", () => startThreaded(pkg, threads), WASM_PRIORITY);
  else tf.registerBackend("wasm", shipped, WASM_PRIORITY);
  build.threads = threads;
}

/**
 * emscripten makes each worker with `new Worker(file)`, the global `Worker` being one it sets to
 * worker_threads' own while its factory runs. That worker inherits Node's command-line options:
 * tsx's loader (loaded again in every worker, for plain JavaScript) or `--input-type`, which makes
 * a worker fail to start. While vaec starts the build, the global answers this class instead and
 * ignores emscripten's assignment; afterwards it is left in place, as emscripten leaves its own.
 */
class PthreadWorker extends Worker {
  constructor(file: string) {
    super(file, { execArgv: [] });
    build.workers.add(this);
  }
}

async function withPthreadWorker<T>(start: () => Promise<T>): Promise<T> {
  Object.defineProperty(globalThis, "Worker", {
    configurable: true,
    get: () => PthreadWorker,
    set: () => {},
  });
  try {
    return await start();
  } finally {
    Object.defineProperty(globalThis, "Worker", {
      configurable: true,
      writable: true,
      value: PthreadWorker,
    });
  }
}

async function startThreaded(pkg: WasmPackage, threads: number): Promise<tf.KernelBackend> {
  try {
    return await withPthreadWorker(() => startModule(pkg, threads));
  } catch (error) {
    // Workers that never reported in are still ref'd: they would keep Node alive.
    stopWorkers();
    throw error;
  }
}

async function startModule(pkg: WasmPackage, threads: number): Promise<tf.KernelBackend> {
  const factory = require(path.join(WASM_OUT, "tfjs-backend-wasm-threaded-simd.js")) as Factory;
  const binary = path.join(WASM_OUT, "tfjs-backend-wasm-threaded-simd.wasm");
  const module = await new Promise<ThreadedModule>((resolve, reject) => {
    factory({
      locateFile: (file) => (file.endsWith(".worker.js") ? WORKER : path.join(WASM_OUT, file)),
      // What each worker imports to become a thread of this module: a path, not a Blob.
      mainScriptUrlOrBlob: path.join(WASM_OUT, "tfjs-backend-wasm-threaded-simd.js"),
      instantiateWasm(imports, receive) {
        // tfjs's C++ reads the core count once at start-up and caps XNNPACK's pool at half of
        // it; answering twice the threads asked makes that cap the count asked.
        imports.env.emscripten_num_logical_cores = () => 2 * threads;
        fs.promises
          .readFile(binary)
          .then((bytes) => WebAssembly.instantiate(bytes, imports))
          .then((result) => receive(result.instance, result.module), reject);
        return {};
      },
      onAbort: (what) => reject(new Error(`threaded wasm build aborted: ${String(what)}`)),
    }).then(resolve, reject);
  });
  module.tfjs = {
    init: module.cwrap("init", null, []),
    initWithThreadsCount: module.cwrap("init_with_threads_count", null, ["number"]),
    getThreadsCount: module.cwrap("get_threads_count", "number", []),
    registerTensor: module.cwrap("register_tensor", null, ["number", "number", "number"]),
    disposeData: module.cwrap("dispose_data", null, ["number"]),
    dispose: module.cwrap("dispose", null, []),
  };
  pkg.setThreadsCount(threads);
  // The constructor starts XNNPACK's pool: threads - 1 workers join the main thread.
  const backend = new pkg.BackendWasm(module as unknown as WasmModule);
  // Pool threads wait for work forever; ref'd (as emscripten leaves a running thread) they would
  // keep Node alive after the last step. The workers emscripten pre-started beyond those cost a
  // V8 isolate each and would only serve threads tfjs never starts.
  for (const worker of module.PThread.runningWorkers) worker.unref();
  for (const worker of module.PThread.unusedWorkers) void worker.terminate();
  module.PThread.unusedWorkers = [];
  return backend;
}

function stopWorkers(): void {
  for (const worker of build.workers) void worker.terminate();
  build.workers.clear();
}
