import { installFastMatMul, uninstallFastMatMul } from "./fast-matmul.js";
import { installFusedAdam, uninstallFusedAdam } from "./fused-adam.js";
import type { FastPathSettings } from "./fast-path-settings.js";

/** Puts the wasm fast-path kernels in place (or back to the shipped ones) as the switches say. */
export function installFastPath(settings: FastPathSettings): FastPathSettings {
  if (settings.matmul) installFastMatMul();
  else uninstallFastMatMul();
  if (settings.fusedAdam) installFusedAdam();
  else uninstallFusedAdam();
  return { ...settings };
}
