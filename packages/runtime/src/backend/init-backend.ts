import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "./register-gradients.js";
import type { Diagnostic, Result } from "@vaec/compiler";
import {
  BACKEND_NAMES,
  type BackendInfo,
  type BackendName,
  type UnavailableBackend,
} from "./backend-info.js";
import {
  backendError,
  forcedUnavailable,
  malformedSetting,
  unknownBackend,
} from "./backend-diagnostics.js";
import { installFastPath } from "./install-fast-path.js";
import { resolveFastPath, type ResolvedFastPath } from "./fast-path-settings.js";
import { settingsOnBackend, type FastPathSettings } from "./fast-path-switches.js";
import { setWasmLbfgsb } from "./lbfgsb-switch.js";
import { loadBackendModule } from "./load-backend-module.js";
import { startWasm } from "./wasm-threads.js";
import type { WebGpuAdapterInfo } from "./webgpu/adapter-description.js";
import { WEBGPU_FAST_PATH_NOTE } from "./webgpu/webgpu-fast-path.js";

export interface InitBackendOptions {
  /** Forces one backend (`--backend`); otherwise `VAEC_BACKEND`, otherwise the best that works. */
  backend?: string;
  /** Overrides the fast-path switches (otherwise from their variables, fast-path-switches.ts). */
  fastPath?: Partial<FastPathSettings>;
  /** The environment to read `VAEC_BACKEND` and the switches from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Where `initBackend` hands its warnings (a malformed switch value, VAE534); they never stop
   * a run. The library writes nothing itself: a command renders them (`selectBackend` returns
   * them with the rest). */
  onWarning?: (diagnostic: Diagnostic) => void;
}

/** Where each backend comes from; tests replace the loaders to simulate broken installs. */
export interface BackendLoaders {
  importModule(specifier: string): ReturnType<typeof loadBackendModule>;
}

const DEFAULT_LOADERS: BackendLoaders = { importModule: loadBackendModule };

/**
 * Picks and starts the tfjs backend: tfjs-node-gpu when it loads and sees a GPU, then webgpu on a
 * GPU adapter (a software one only when forced or with VAEC_WEBGPU_SOFTWARE=1), then tfjs-node,
 * then wasm (with the fast CPU path), then cpu. `VAEC_BACKEND` or the `backend` option forces one;
 * a forced backend that cannot start is an error (VAE530-VAE533) with the install hint.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const { result, diagnostics } = await selectBackend(options);
  if (!result) throw backendError(diagnostics);
  for (const d of diagnostics) options.onWarning?.(d);
  return result;
}

/** `initBackend` with its problems as data, for callers that render diagnostics. */
export async function selectBackend(
  options: InitBackendOptions = {},
  loaders: BackendLoaders = DEFAULT_LOADERS,
): Promise<Result<BackendInfo>> {
  const env = options.env ?? process.env;
  // Silences tfjs's advice to install tfjs-node: vaec says so itself, with the reason.
  tf.env().set("PROD", true);
  const { malformed, ...fastPath } = resolveFastPath(options.fastPath, env);
  const diagnostics = malformed.map(malformedSetting);
  const requested = options.backend ?? (env.VAEC_BACKEND || undefined);
  const forcedBy =
    options.backend !== undefined ? "option" : requested !== undefined ? "VAEC_BACKEND" : undefined;
  if (requested !== undefined && !(BACKEND_NAMES as readonly string[]).includes(requested)) {
    return { diagnostics: [...diagnostics, unknownBackend(requested, forcedBy ?? "option")] };
  }
  const candidates: BackendName[] = requested ? [requested as BackendName] : [...BACKEND_NAMES];
  const unavailable: UnavailableBackend[] = [];
  // A software adapter: when webgpu is forced (unless VAEC_WEBGPU_SOFTWARE=0, as the benchmark's
  // GPU row sets) or when VAEC_WEBGPU_SOFTWARE=1 lets the ranking take it.
  const software = fastPath.tuning.webgpuSoftware;
  const allowSoftware = software === true || (requested === "webgpu" && software !== false);
  for (const name of candidates) {
    const started = await startBackend(name, fastPath, loaders, env, allowSoftware);
    if (started.kind === "started") {
      // The attacks' solver does not run on tfjs: its switch holds whatever the backend.
      setWasmLbfgsb(fastPath.settings.wasmLbfgsb);
      const info: BackendInfo = {
        name,
        tfBackend: tf.getBackend(),
        forcedBy,
        unavailable,
        fastPath: started.fastPath,
        fastPathNotes: started.fastPathNotes ?? [],
        threads: started.threads,
        simd: started.simd,
        ...(started.adapter ? { adapter: started.adapter } : {}),
      };
      return { result: info, diagnostics };
    }
    unavailable.push({ name, kind: started.kind, reason: started.reason });
  }
  // Only a forced backend can run out: the ranking ends with cpu, which ships with vaec.
  const last = unavailable[unavailable.length - 1];
  return { diagnostics: [...diagnostics, forcedUnavailable(last, forcedBy)] };
}

type Start =
  | {
      kind: "started";
      fastPath: FastPathSettings;
      fastPathNotes?: string[];
      threads: number;
      simd: boolean;
      adapter?: WebGpuAdapterInfo;
    }
  | { kind: UnavailableBackend["kind"]; reason: string };

async function startBackend(
  name: BackendName,
  fastPath: Omit<ResolvedFastPath, "malformed">,
  loaders: BackendLoaders,
  env: NodeJS.ProcessEnv,
  allowSoftware: boolean,
): Promise<Start> {
  // The switches a backend without the wasm kernels keeps: those that act on any backend.
  const elsewhere = settingsOnBackend(name, fastPath.settings);
  switch (name) {
    case "webgpu": {
      // Loaded only here: `webgpu` (Dawn, tens of MB) and tfjs's backend are optional packages.
      const { startWebGpu } = await import("./webgpu/start-webgpu.js");
      const started = await startWebGpu({
        allowSoftware,
        defaultLimits: fastPath.tuning.webgpuDefaultLimits === true,
        env,
        importModule: loaders.importModule,
      });
      if (started.kind !== "started") return started;
      return {
        kind: "started",
        fastPath: elsewhere,
        fastPathNotes: [WEBGPU_FAST_PATH_NOTE],
        threads: 1,
        simd: false,
        adapter: started.adapter,
      };
    }
    case "tfjs-node-gpu":
    case "tfjs-node": {
      const loaded = await loaders.importModule(`@tensorflow/${name}`);
      if (loaded.kind !== "loaded") return loaded;
      if (!(await setBackend("tensorflow")))
        return { kind: "failed", reason: "failed to start its `tensorflow` backend" };
      if (name === "tfjs-node-gpu" && !usesGpu()) {
        return {
          kind: "no-gpu",
          reason: "loaded, but TensorFlow sees no GPU (no CUDA device or driver)",
        };
      }
      return { kind: "started", fastPath: elsewhere, threads: 1, simd: false };
    }
    case "wasm": {
      const loaded = await loaders.importModule("@tensorflow/tfjs-backend-wasm");
      if (loaded.kind !== "loaded") return loaded;
      const wasm = loaded.module as typeof import("@tensorflow/tfjs-backend-wasm");
      try {
        wasm.setWasmPaths(wasmDirectory());
      } catch {
        // Already initialised earlier in this process: the paths are set.
      }
      const start = await startWasm(wasm, fastPath);
      if (!start.started) {
        return {
          kind: "failed",
          reason: "failed to load: its .wasm binary could not be instantiated",
        };
      }
      const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
      const fast = installFastPath(fastPath.settings, fastPath.tuning);
      return {
        kind: "started",
        fastPath: { ...fast.settings, wasmThreads: start.threads > 1 },
        fastPathNotes: [...fast.notes, ...start.notes],
        threads: start.threads,
        simd: Boolean(simd),
      };
    }
    case "cpu": {
      if (!(await setBackend("cpu"))) return { kind: "failed", reason: "failed to start" };
      return { kind: "started", fastPath: elsewhere, threads: 1, simd: false };
    }
  }
}

async function setBackend(tfName: string): Promise<boolean> {
  try {
    return await tf.setBackend(tfName);
  } catch {
    return false;
  }
}

function usesGpu(): boolean {
  const backend = tf.backend() as { binding?: { isUsingGpuDevice?: () => boolean } };
  return backend.binding?.isUsingGpuDevice?.() === true;
}

/** The folder holding the wasm binaries inside the installed package. */
export function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + path.sep;
}
