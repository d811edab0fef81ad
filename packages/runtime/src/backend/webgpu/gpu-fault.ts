import * as tf from "@tensorflow/tfjs-core";
import type { Diagnostic } from "@vaec/compiler";
import type { DawnDevice, GpuErrorLike } from "./dawn-types.js";
import { gpuFault, type GpuFaultKind } from "./webgpu-diagnostics.js";

/** Thrown at the next read after a WebGPU error; carries its coded diagnostic (VAE535-VAE538). */
export class WebGpuFault extends Error {
  readonly diagnostic: Diagnostic;
  readonly kind: GpuFaultKind;
  readonly gpuMessage: string;
  constructor(kind: GpuFaultKind, gpuMessage: string) {
    const diagnostic = gpuFault(kind, gpuMessage);
    super(`${diagnostic.code}: ${diagnostic.message}`);
    this.name = "WebGpuFault";
    this.kind = kind;
    this.gpuMessage = gpuMessage;
    this.diagnostic = diagnostic;
  }

  /** The same fault, its diagnostic noting which checkpoint the stopped run keeps. */
  withCheckpoint(lastCheckpoint: number | null): Diagnostic {
    return gpuFault(this.kind, this.gpuMessage, lastCheckpoint);
  }
}

// The first error since the device was watched: later ones are usually its consequences
// ("... is invalid due to a previous error").
let first: { kind: GpuFaultKind; message: string } | undefined;
let watched: DawnDevice | undefined;

/**
 * Records the device's errors. Dawn reports a validation error through `uncapturederror` while
 * the offending call runs (tfjs's work is encoded synchronously), and a lost device through
 * `lost`; neither throws, and the failed kernel's output reads as zeros.
 */
export function watchDevice(device: DawnDevice): void {
  watched = device;
  first = undefined;
  device.onuncapturederror = (event) => {
    first ??= { kind: errorKind(event.error), message: event.error.message };
  };
  void device.lost.then((info) => {
    // Destroyed on purpose (the process switching backends or ending) is not a fault.
    if (watched === device && info.reason !== "destroyed")
      first ??= { kind: "device-lost", message: info.message || info.reason };
  });
}

/** Throws the recorded fault, if any, when the webgpu backend is in use. */
export function throwIfGpuFault(): void {
  if (first && tf.getBackend() === "webgpu") throw new WebGpuFault(first.kind, first.message);
}

/** For tests: forget a fault (the next test starts clean). */
export function clearGpuFault(): void {
  first = undefined;
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
