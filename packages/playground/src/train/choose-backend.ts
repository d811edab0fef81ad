import * as tf from "@tensorflow/tfjs-core";
import wasmPlain from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import wasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import wasmThreaded from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";

/*
 * The page's tfjs backend: WebGPU where the browser has an adapter, else WebGL (unless the
 * browser draws it on the CPU), else WebAssembly, else plain JavaScript. `?backend=wasm` (or
 * webgl, webgpu, cpu) in the page's URL asks for one; the page says which it got. Each backend
 * is loaded only when tried, so a browser without WebGPU never downloads it.
 */

export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";
export const BACKEND_ORDER: readonly BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];

async function register(name: BackendName): Promise<void> {
  if (name === "webgpu") await import("@tensorflow/tfjs-backend-webgpu");
  if (name === "webgl") await import("@tensorflow/tfjs-backend-webgl");
  if (name === "cpu") await import("@tensorflow/tfjs-backend-cpu");
  if (name === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths({
      "tfjs-backend-wasm.wasm": wasmPlain,
      "tfjs-backend-wasm-simd.wasm": wasmSimd,
      "tfjs-backend-wasm-threaded-simd.wasm": wasmThreaded,
    });
  }
}

/**
 * Whether the browser's WebGL is drawn by the CPU (SwiftShader, llvmpipe: no GPU, or one the
 * browser will not use). tfjs's WebAssembly backend is then faster: the default spec's 300
 * steps took 86 s on wasm and 95 s on SwiftShader's WebGL in headless chromium on a busy 2-core
 * machine, and wasm leaves the CPU's vector units to one library instead of an emulated GPU.
 */
function softwareWebgl(): boolean {
  const gl = document.createElement("canvas").getContext("webgl2");
  if (!gl) return false;
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return /swiftshader|llvmpipe|software/i.test(renderer);
}

async function available(name: BackendName, requested: boolean): Promise<boolean> {
  if (name === "webgl" && !requested && softwareWebgl()) return false;
  if (name === "webgpu") {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu || !(await gpu.requestAdapter().catch(() => null))) return false;
  }
  try {
    await register(name);
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/** Starts the first backend that works, from `requested` if given, and returns its name. */
export async function chooseBackend(requested?: string | null): Promise<BackendName> {
  const wanted = BACKEND_ORDER.find((name) => name === requested);
  const order = wanted ? [wanted, ...BACKEND_ORDER.filter((n) => n !== wanted)] : BACKEND_ORDER;
  for (const name of order) {
    if (await available(name, name === wanted)) {
      await tf.ready();
      return name;
    }
  }
  throw new Error("no TensorFlow.js backend could start in this browser");
}
