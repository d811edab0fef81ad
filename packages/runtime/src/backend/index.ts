import "./register-gradients.js";
export { BACKEND_NAMES, describeBackend } from "./backend-info.js";
export type {
  BackendInfo,
  BackendName,
  UnavailableBackend,
  UnavailableKind,
} from "./backend-info.js";
export { BackendError } from "./backend-diagnostics.js";
export { initBackend, selectBackend, wasmDirectory } from "./init-backend.js";
export type { BackendLoaders, InitBackendOptions } from "./init-backend.js";
export { FAST_PATH_ENV, resolveFastPath } from "./fast-path-settings.js";
export type { ResolvedFastPath } from "./fast-path-settings.js";
export {
  FAST_PATH_DEFAULTS,
  FAST_PATH_OFF,
  FAST_PATH_SWITCHES,
  TUNING_VARIABLES,
  fastPathEnv,
  switchesIn,
  switchesSet,
} from "./fast-path-switches.js";
export type {
  FastPathSettings,
  FastPathSwitch,
  FastPathTuning,
  SwitchGroup,
  SwitchKey,
} from "./fast-path-switches.js";
export { probeTorch, reportMachine } from "./machine-report.js";
export type {
  BackendStatus,
  MachineReport,
  SwitchReport,
  TorchProbe,
  VariableReport,
  WebGpuProbe,
} from "./machine-report.js";
export { adapterSummary, KEY_LIMITS } from "./webgpu/adapter-description.js";
export type { WebGpuAdapterInfo } from "./webgpu/adapter-description.js";
export { WebGpuFault } from "./webgpu/gpu-fault.js";
export { gpuFault } from "./webgpu/webgpu-diagnostics.js";
export { readAllValues, readValues } from "./webgpu/read-values.js";
export { ADAM_DEFAULTS, adamStep, isFusedAdamInstalled } from "./fused-adam.js";
export type { AdamHyper, AdamResult } from "./fused-adam.js";
export { bernoulliLogLikelihood } from "./fused-likelihood.js";
export { logSumExp } from "./log-sum-exp.js";
export { denseLayer, type DenseActivation } from "./fused-dense.js";
export { physicalCores } from "./physical-cores.js";
export { fusedTcRows } from "./fused-tc.js";
export { blasAddonPath, loadBlasAddon } from "./blas/blas-addon.js";
export type { AddonLoad, BlasAddon } from "./blas/blas-addon.js";
