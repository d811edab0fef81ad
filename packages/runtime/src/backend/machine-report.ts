import { execFile } from "node:child_process";
import os from "node:os";
import type { Diagnostic } from "@vaec/compiler";
import { BACKEND_NAMES, type BackendInfo, type BackendName } from "./backend-info.js";
import { FAST_PATH_SWITCHES, WEBGPU_TUNING, type SwitchKey } from "./fast-path-switches.js";
import { selectBackend, type InitBackendOptions } from "./init-backend.js";
import { loadBackendModule } from "./load-backend-module.js";
import type { WebGpuAdapterInfo } from "./webgpu/adapter-description.js";

export type BackendStatus =
  | { name: BackendName; state: "in-use" }
  | { name: BackendName; state: "available" }
  | { name: BackendName; state: "unavailable"; reason: string }
  | { name: BackendName; state: "not-tried" };

export interface TorchProbe {
  present: boolean;
  /** The interpreter that was asked (the one with torch when present). */
  python?: string;
  /** `torch.__version__` and its intra-op thread count when present; why not otherwise. */
  version?: string;
  threads?: number;
  reason?: string;
}

/** What `vaec doctor` prints: the machine, every backend's state, the switches, PyTorch. */
export interface MachineReport {
  node: string;
  platform: string;
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  backend?: BackendInfo;
  backends: BackendStatus[];
  /** Every switch of the table (fast-path-switches.ts) with its variable as set (undefined:
   * unset), its one-line doc, the backends it acts on and its tuning variables. */
  fastPath: SwitchReport[];
  torch: TorchProbe;
  /** The WebGPU adapters Dawn finds: a GPU one (hardware) and Mesa's software one, or why not. */
  webgpu: WebGpuProbe;
  diagnostics: Diagnostic[];
}

export interface SwitchReport {
  switch: SwitchKey;
  env: string;
  value: string | undefined;
  doc: string;
  backends: "wasm" | "any";
  /** What the machine must have for it to take effect, where anything. */
  requires?: string;
  tuning: VariableReport[];
}

/** A variable that tunes a switch or a backend, as set (undefined: unset). */
export interface VariableReport {
  env: string;
  value: string | undefined;
  doc: string;
}

export interface WebGpuProbe {
  hardware?: WebGpuAdapterInfo;
  software?: WebGpuAdapterInfo;
  /** Why no GPU adapter (and, when absent, no software one) was found. */
  reason?: string;
  /** The webgpu backend's variables (fast-path-switches.ts), as set. */
  variables: VariableReport[];
}

/** Starts the backend as a command would and gathers everything `vaec doctor` reports. */
export async function reportMachine(options: InitBackendOptions = {}): Promise<MachineReport> {
  const env = options.env ?? process.env;
  const [{ result, diagnostics }, torch] = await Promise.all([
    selectBackend(options),
    probeTorch(),
  ]);
  const webgpu = {
    ...(await probeWebGpu(env, result?.adapter)),
    variables: WEBGPU_TUNING.map((v) => variable(v, env)),
  };
  const backends = BACKEND_NAMES.map((name): BackendStatus => {
    const passed = result?.unavailable.find((u) => u.name === name);
    if (passed) return { name, state: "unavailable", reason: passed.reason };
    if (result?.name === name) return { name, state: "in-use" };
    const failed = result ? undefined : diagnostics.find((d) => d.message.includes(`\`${name}\``));
    if (failed) return { name, state: "unavailable", reason: failed.message };
    // Below the chosen one in the ranking, or not the forced one: cpu ships with vaec.
    if (name === "cpu") return { name, state: "available" };
    return { name, state: "not-tried" };
  });
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    backend: result,
    backends,
    fastPath: FAST_PATH_SWITCHES.map((s): SwitchReport => ({
      switch: s.key,
      env: s.env,
      value: env[s.env],
      doc: s.doc,
      backends: s.backends,
      ...("requires" in s ? { requires: s.requires } : {}),
      tuning: ("tuning" in s ? s.tuning : []).map((v) => variable(v, env)),
    })),
    torch,
    webgpu,
    diagnostics,
  };
}

function variable(v: { env: string; doc: string }, env: NodeJS.ProcessEnv): VariableReport {
  return { env: v.env, value: env[v.env], doc: v.doc };
}

/** Both adapters for `vaec doctor`, whichever backend was chosen (Dawn loaded only here). */
async function probeWebGpu(
  env: NodeJS.ProcessEnv,
  inUse: WebGpuAdapterInfo | undefined,
): Promise<Omit<WebGpuProbe, "variables">> {
  if (inUse) return inUse.software ? { software: inUse } : { hardware: inUse };
  const { findAdapter } = await import("./webgpu/find-adapter.js");
  const found = await findAdapter({
    allowSoftware: false,
    probeSoftware: true,
    env,
    importModule: loadBackendModule,
  });
  if (found.kind === "found") return { hardware: found.info };
  return { software: found.software, reason: found.reason };
}

/**
 * Finds a python3 that can import torch (the benchmark's reference): `VAEC_PYTHON`, then the
 * `python3` on PATH, then the system one (Debian's python3-torch installs there, and a pyenv or
 * venv python3 on PATH does not see it).
 */
export async function probeTorch(env: NodeJS.ProcessEnv = process.env): Promise<TorchProbe> {
  const candidates = [...new Set([env.VAEC_PYTHON, "python3", "/usr/bin/python3"])].filter(
    (p): p is string => Boolean(p),
  );
  let first: TorchProbe | undefined;
  for (const python of candidates) {
    const probe = await probeOne(python);
    if (probe.present) return probe;
    first ??= probe;
  }
  return first ?? { present: false, reason: "no python3 found" };
}

function probeOne(python: string): Promise<TorchProbe> {
  const script = "import torch; print(torch.__version__); print(torch.get_num_threads())";
  return new Promise((resolve) => {
    execFile(python, ["-c", script], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
        const reason = missing
          ? `\`${python}\` not found`
          : /No module named .?torch/.test(stderr)
            ? `torch is not installed for \`${python}\``
            : `\`${python}\` failed: ${stderr.trim().split("\n").pop() ?? error.message}`;
        resolve({ present: false, python, reason });
        return;
      }
      const [version, threads] = stdout.trim().split("\n");
      resolve({ present: true, python, version, threads: Number(threads) });
    });
  });
}
