/**
 * What vaec reports about a WebGPU adapter (`vaec doctor`, `--verbose`): who made it, whether it
 * is a real GPU or a software renderer, and the limits the device is requested with.
 */
export interface WebGpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU rasterizer (Mesa's llvmpipe or lavapipe, SwiftShader) or Dawn's fallback adapter. */
  software: boolean;
  /** Dawn's backend underneath: `vulkan` (Linux GPUs), `opengles` (Mesa, software), ... */
  dawnBackend: string;
  /** `core`, or `compatibility` (what OpenGL ES offers). */
  featureLevel: "core" | "compatibility";
  /** Every numeric limit of the adapter; the device is requested with all of them. */
  limits: Record<string, number>;
}

/** The fields of `GPUAdapterInfo` that vaec reads (Dawn's bindings expose them as getters). */
interface AdapterLike {
  info: {
    vendor?: string;
    architecture?: string;
    device?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
  limits: object;
}

const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|software/i;

export function describeAdapter(
  adapter: AdapterLike,
  dawnBackend: string,
  featureLevel: "core" | "compatibility",
): WebGpuAdapterInfo {
  const info = adapter.info;
  const text = [info.vendor, info.architecture, info.device, info.description].join(" ");
  return {
    vendor: info.vendor ?? "",
    architecture: info.architecture ?? "",
    device: info.device ?? "",
    description: info.description ?? "",
    software: info.isFallbackAdapter === true || SOFTWARE.test(text),
    dawnBackend,
    featureLevel,
    limits: adapterLimits(adapter.limits),
  };
}

/**
 * The adapter's limits as a plain record. `GPUSupportedLimits` keeps them as prototype getters,
 * so a spread or `Object.keys` sees none: walk the names with `for ... in`.
 */
export function adapterLimits(limits: object): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key in limits) {
    const value = (limits as Record<string, unknown>)[key];
    if (typeof value === "number") out[key] = value;
  }
  return out;
}

/** One line: `llvmpipe (LLVM 15.0.6, 256 bits), software, opengles (compatibility)`. */
export function adapterSummary(a: WebGpuAdapterInfo): string {
  const name =
    [a.vendor, a.architecture].filter(Boolean).join(" ") || a.device || a.description || "unknown";
  const device = a.device && !name.includes(a.device) ? ` ${a.device}` : "";
  const level = a.featureLevel === "compatibility" ? " (compatibility)" : "";
  return `${name}${device}, ${a.software ? "software" : "hardware"}, ${a.dawnBackend}${level}`;
}

/** The limits that bound what tfjs's shaders can do, for a short listing. */
export const KEY_LIMITS = [
  "maxStorageBuffersPerShaderStage",
  "maxStorageBufferBindingSize",
  "maxBufferSize",
  "maxComputeWorkgroupStorageSize",
  "maxComputeInvocationsPerWorkgroup",
  "maxComputeWorkgroupsPerDimension",
] as const;
