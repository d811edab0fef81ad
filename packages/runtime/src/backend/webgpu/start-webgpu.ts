import * as tf from "@tensorflow/tfjs-core";
import { backendState } from "../backend-state.js";
import type { ModuleLoad } from "../load-backend-module.js";
import type { WebGpuAdapterInfo } from "./adapter-description.js";
import type { DawnAdapter, DawnDevice, DawnModule } from "./dawn-types.js";
import { findAdapter } from "./find-adapter.js";
import { watchDevice } from "./gpu-fault.js";

export type WebGpuStart =
  | { kind: "started"; adapter: WebGpuAdapterInfo }
  | { kind: "not-installed" | "failed" | "no-gpu"; reason: string; software?: WebGpuAdapterInfo };

interface WebGpuBackendModule {
  WebGPUBackend: new (device: DawnDevice, adapterInfo: DawnAdapter["info"]) => tf.KernelBackend;
}

// One device per process: switching away and back (tests, `vaec doctor`) reuses it.
const state = backendState.webgpu;

/**
 * Starts tfjs's WebGPU backend on Dawn: finds the adapter (find-adapter.ts), requests a device
 * with every limit raised to the adapter's (tfjs asks for a few, and the default of 8 storage
 * buffers per shader stage makes its `addN` of 8 tensors fail validation and return zeros), and
 * watches it for errors (gpu-fault.ts). tfjs-backend-webgpu registers itself on import only where
 * `navigator.gpu` exists, so Dawn's GPU object is put there first; vaec then registers its own
 * factory under the same name, so the kernels registered for `webgpu` are the ones used.
 */
export async function startWebGpu(options: {
  allowSoftware: boolean;
  /** VAEC_WEBGPU_DEFAULT_LIMITS=1: WebGPU's default limits, as tfjs's own start-up asks. */
  defaultLimits: boolean;
  env: NodeJS.ProcessEnv;
  importModule(specifier: string): Promise<ModuleLoad>;
}): Promise<WebGpuStart> {
  const defaults = options.defaultLimits;
  const current = state.device;
  if (
    current &&
    current.defaults === defaults &&
    (options.allowSoftware || !current.adapter.software)
  ) {
    if (!(await setBackend())) return { kind: "failed", reason: "failed to start again" };
    avoidAtomicMatMul(current.adapter);
    return { kind: "started", adapter: current.adapter };
  }
  const search = await findAdapter(options);
  if (search.kind !== "found") return search;
  exposeGpu(search.dawn, search.gpu);
  const loaded = await options.importModule("@tensorflow/tfjs-backend-webgpu");
  if (loaded.kind !== "loaded") return loaded;
  const { WebGPUBackend } = loaded.module as WebGpuBackendModule;
  let device: DawnDevice;
  try {
    // VAEC_WEBGPU_DEFAULT_LIMITS=1 asks for WebGPU's defaults instead, as tfjs's own start-up
    // does: it reproduces the validation errors (VAE535) that vaec's request avoids.
    device = await search.adapter.requestDevice({
      requiredLimits: defaults ? {} : search.info.limits,
    });
  } catch (error) {
    return { kind: "failed", reason: `the adapter refused a device: ${String(error)}` };
  }
  watchDevice(device);
  if ("webgpu" in tf.engine().registryFactory) tf.removeBackend("webgpu");
  tf.registerBackend("webgpu", () => new WebGPUBackend(device, search.adapter.info), 0);
  current?.device.destroy();
  state.device = { adapter: search.info, device, defaults };
  avoidAtomicMatMul(search.info);
  if (!(await setBackend()))
    return { kind: "failed", reason: "tfjs's webgpu backend failed to start" };
  return { kind: "started", adapter: search.info };
}

async function setBackend(): Promise<boolean> {
  try {
    return await tf.setBackend("webgpu");
  } catch {
    return false;
  }
}

/** `navigator.gpu` and WebGPU's global constants (GPUBufferUsage, ...), which tfjs reads. */
function exposeGpu(dawn: DawnModule, gpu: unknown): void {
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in globalThis)) (globalThis as Record<string, unknown>)[name] = value;
  }
  const g = globalThis as { navigator?: object };
  if (!g.navigator) g.navigator = {};
  Object.defineProperty(g.navigator, "gpu", { value: gpu, configurable: true });
}

/**
 * tfjs picks a split-K matmul for a small output with a long inner dimension (a layer's input
 * gradient, [16, 4096] x [4096, 32]): partial sums added with a float atomic emulated by a
 * compare-exchange loop. Through Dawn's OpenGL ES backend on llvmpipe that kernel returns wrong
 * sums (off by hundreds) with no error at all, so on a compatibility-level adapter every matmul
 * uses tfjs's packed (tiled) program instead; a test compares that shape with the cpu backend.
 */
function avoidAtomicMatMul(adapter: WebGpuAdapterInfo): void {
  const MATMUL_PACKED = 3; // tfjs-backend-webgpu's MatMulProgramType.MatMulPackedProgram
  tf.env().set(
    "WEBGPU_MATMUL_PROGRAM_TYPE",
    adapter.featureLevel === "compatibility" ? MATMUL_PACKED : -1,
  );
}
