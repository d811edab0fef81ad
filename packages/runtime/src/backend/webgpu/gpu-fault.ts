import * as tf from "@tensorflow/tfjs-core";
import { backendState } from "../backend-state.js";
import type { DawnDevice, GpuErrorLike } from "./dawn-types.js";

/** What went wrong on the GPU, as WebGPU reports it. */
export type GpuFaultKind = "validation" | "out-of-memory" | "internal" | "device-lost";

/**
 * Thrown at the next read after a WebGPU error. It carries the fault as data: the Node side words
 * it as a coded diagnostic (VAE535-VAE538, `gpuFault` in webgpu-diagnostics.ts), so the browser
 * core never loads the diagnostics catalogue.
 */
export class WebGpuFault extends Error {
  readonly kind: GpuFaultKind;
  readonly gpuMessage: string;
  constructor(kind: GpuFaultKind, gpuMessage: string) {
    super(`a WebGPU ${kind} error stopped the work: ${gpuMessage.trim().split("\n")[0]}`);
    this.name = "WebGpuFault";
    this.kind = kind;
    this.gpuMessage = gpuMessage;
  }
}

// The first error since the device was watched (`fault`): later ones are usually its
// consequences ("... is invalid due to a previous error").
const state = backendState.webgpu;

/**
 * Records the device's errors. Dawn reports a validation error through `uncapturederror` while
 * the offending call runs (tfjs's work is encoded synchronously), and a lost device through
 * `lost`; neither throws, and the failed kernel's output reads as zeros.
 */
export function watchDevice(device: DawnDevice): void {
  state.watched = device;
  state.fault = undefined;
  device.onuncapturederror = (event) => {
    state.fault ??= { kind: errorKind(event.error), message: event.error.message };
  };
  void device.lost.then((info) => {
    // Destroyed on purpose (the process switching backends or ending) is not a fault.
    if (state.watched === device && info.reason !== "destroyed")
      state.fault ??= { kind: "device-lost", message: info.message || info.reason };
  });
}

/** Throws the recorded fault, if any, when the webgpu backend is in use. */
export function throwIfGpuFault(): void {
  const fault = state.fault;
  if (fault && tf.getBackend() === "webgpu") throw new WebGpuFault(fault.kind, fault.message);
}

/** For tests: forget a fault (the next test starts clean). */
export function clearGpuFault(): void {
  state.fault = undefined;
}

function errorKind(error: GpuErrorLike): GpuFaultKind {
  switch (error.constructor.name) {
    case "GPUOutOfMemoryError":
      return "out-of-memory";
    case "GPUInternalError":
      return "internal";
    default:
      return "validation";
  }
}
