/*
 * The few WebGPU shapes vaec touches, declared here rather than imported: `webgpu` and
 * `@webgpu/types` are optional dependencies, and the typecheck must pass without them.
 */

export interface DawnModule {
  create(flags: string[]): DawnGpu;
  globals: object;
}

export interface DawnGpu {
  requestAdapter(options?: {
    powerPreference?: "high-performance" | "low-power";
    featureLevel?: "core" | "compatibility";
  }): Promise<DawnAdapter | null>;
}

export interface DawnAdapter {
  info: {
    vendor?: string;
    architecture?: string;
    device?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
  limits: object;
  features: { has(name: string): boolean };
  requestDevice(descriptor?: {
    requiredLimits?: Record<string, number>;
    requiredFeatures?: string[];
  }): Promise<DawnDevice>;
}

export interface GpuErrorLike {
  message: string;
  constructor: { name: string };
}

export interface DawnDevice {
  limits: object;
  lost: Promise<{ reason: string; message: string }>;
  onuncapturederror: ((event: { error: GpuErrorLike }) => void) | null;
  destroy(): void;
}
