import { createRequire } from "node:module";
import type { ModuleLoad } from "../load-backend-module.js";
import { describeAdapter, type WebGpuAdapterInfo } from "./adapter-description.js";
import type { DawnAdapter, DawnGpu, DawnModule } from "./dawn-types.js";
import { hasVulkanLoader } from "./vulkan-loader.js";

export type AdapterSearch =
  | { kind: "found"; dawn: DawnModule; gpu: DawnGpu; adapter: DawnAdapter; info: WebGpuAdapterInfo }
  | { kind: "not-installed" | "failed" | "no-gpu"; reason: string; software?: WebGpuAdapterInfo };

export interface FindAdapterOptions {
  /** Take a software adapter when no GPU is found (`--backend webgpu`, VAEC_WEBGPU_SOFTWARE=1). */
  allowSoftware: boolean;
  /** Look for the software adapter even when it may not be used, to name it (`vaec doctor`).
   * Off otherwise: Dawn's OpenGL ES backend prints warnings on stderr from native code. */
  probeSoftware?: boolean;
  env: NodeJS.ProcessEnv;
  importModule(specifier: string): Promise<ModuleLoad>;
}

/**
 * Finds a WebGPU adapter through Dawn's Node bindings (the `webgpu` package): a GPU on Dawn's
 * default backend (Vulkan on Linux) first; then, when allowed, Mesa's software renderer through
 * Dawn's OpenGL ES backend, which needs EGL's surfaceless platform (no display) and WebGPU's
 * compatibility feature level (OpenGL ES lacks some core features). Dawn rejects Debian 12's
 * lavapipe (Mesa 22) on Vulkan, so OpenGL ES is the software path that works there.
 */
export async function findAdapter(options: FindAdapterOptions): Promise<AdapterSearch> {
  const vulkan = hasVulkanLoader(options.env);
  if (!vulkan && !options.allowSoftware && !options.probeSoftware && isInstalled("webgpu")) {
    // Nothing to try: skip loading Dawn (tens of MB) in every run on a machine without a GPU.
    return {
      kind: "no-gpu",
      reason:
        "no GPU adapter: the Vulkan loader (libvulkan.so.1) is not installed; a software adapter is tried only with `--backend webgpu` or VAEC_WEBGPU_SOFTWARE=1",
    };
  }
  const loaded = await options.importModule("webgpu");
  if (loaded.kind !== "loaded") return loaded;
  const dawn = loaded.module as DawnModule;
  if (typeof dawn.create !== "function")
    return { kind: "failed", reason: "failed to load: `webgpu` exports no `create`" };

  let hardwareWhyNot: string;
  let software: { gpu: DawnGpu; adapter: DawnAdapter; info: WebGpuAdapterInfo } | undefined;
  if (!vulkan) {
    hardwareWhyNot = "no GPU adapter: the Vulkan loader (libvulkan.so.1) is not installed";
  } else {
    const gpu = dawn.create([]);
    const adapter = await requestQuietly(gpu, { powerPreference: "high-performance" });
    const info = adapter && describeAdapter(adapter, defaultBackend(), "core");
    if (adapter && info && !info.software) return { kind: "found", dawn, gpu, adapter, info };
    if (adapter && info) software = { gpu, adapter, info };
    hardwareWhyNot = info
      ? `no GPU adapter: the only one is ${info.device || info.description} (software)`
      : "no GPU adapter: Dawn found none (no Vulkan driver for a GPU)";
  }
  const lookForSoftware = options.allowSoftware || options.probeSoftware === true;
  if (!software && lookForSoftware && process.platform === "linux") {
    // EGL reads the real environment when Dawn first opens a display (no X or Wayland here).
    process.env.EGL_PLATFORM ??= "surfaceless";
    const gpu = dawn.create(["backend=opengles"]);
    const adapter = await requestQuietly(gpu, { featureLevel: "compatibility" });
    if (adapter)
      software = { gpu, adapter, info: describeAdapter(adapter, "opengles", "compatibility") };
  }
  if (software && options.allowSoftware) return { kind: "found", dawn, ...software };
  const hint = software
    ? `; the software adapter (${software.info.device || software.info.description}) is used only with \`--backend webgpu\` or VAEC_WEBGPU_SOFTWARE=1`
    : lookForSoftware
      ? "; no software adapter either (Mesa's EGL: apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri)"
      : "; a software adapter is tried only with `--backend webgpu` or VAEC_WEBGPU_SOFTWARE=1";
  return { kind: "no-gpu", reason: hardwareWhyNot + hint, software: software?.info };
}

async function requestQuietly(
  gpu: DawnGpu,
  options: Parameters<DawnGpu["requestAdapter"]>[0],
): Promise<DawnAdapter | null> {
  try {
    return await gpu.requestAdapter(options);
  } catch {
    return null;
  }
}

function defaultBackend(): string {
  return process.platform === "darwin"
    ? "metal"
    : process.platform === "win32"
      ? "d3d12"
      : "vulkan";
}

function isInstalled(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}
