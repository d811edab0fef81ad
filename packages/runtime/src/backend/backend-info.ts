import type { FastPathSettings } from "./fast-path-switches.js";
import { adapterSummary, type WebGpuAdapterInfo } from "./webgpu/adapter-description.js";

/** The backends vaec can run on, best first (webgpu here on a GPU; on a software adapter only
 * when forced or with VAEC_WEBGPU_SOFTWARE=1). */
export const BACKEND_NAMES = ["tfjs-node-gpu", "webgpu", "tfjs-node", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Why a backend was not used: its module is absent, it threw while loading, or it loaded but
 * cannot serve (tfjs-node-gpu with no GPU in sight). */
export type UnavailableKind = "not-installed" | "failed" | "no-gpu";

export interface UnavailableBackend {
  name: BackendName;
  kind: UnavailableKind;
  reason: string;
}

/** Which backend is in use and why every better one was passed over. */
export interface BackendInfo {
  name: BackendName;
  /** The tfjs backend name underneath (`tensorflow`, `wasm`, `cpu`). */
  tfBackend: string;
  /** Set when `VAEC_BACKEND` or the `backend` option chose it rather than the ranking. */
  forcedBy?: "option" | "VAEC_BACKEND";
  /** The better backends, in ranking order, each with the reason it was not used. */
  unavailable: UnavailableBackend[];
  /** The fast-path switches in effect (fast-path-switches.ts): on other backends than wasm only
   * those that act on any backend (the attacks' solver). */
  fastPath: FastPathSettings;
  /** Why a switch that is on had no effect (e.g. the BLAS addon not built), and BLAS details. */
  fastPathNotes: string[];
  /** Threads the wasm backend computes with (1 on other backends). */
  threads: number;
  /** Whether the wasm backend runs its SIMD build. */
  simd: boolean;
  /** The WebGPU adapter, on the webgpu backend. */
  adapter?: WebGpuAdapterInfo;
}

/** Lines for `--verbose` and `vaec doctor`: the backend and why the better ones were passed. */
export function describeBackend(info: BackendInfo): string[] {
  const forced = info.forcedBy
    ? ` (forced by ${info.forcedBy === "option" ? "--backend" : "VAEC_BACKEND"})`
    : "";
  const detail =
    info.name === "wasm"
      ? ` (${info.simd ? "SIMD" : "no SIMD"}, ${info.threads} thread${info.threads === 1 ? "" : "s"})`
      : info.adapter
        ? ` (${adapterSummary(info.adapter)})`
        : "";
  const lines = [`backend: ${info.name}${detail}${forced}`];
  for (const u of info.unavailable) lines.push(`  not ${u.name}: ${u.reason}`);
  if (info.name === "wasm") {
    const switches = Object.entries(info.fastPath).map(
      ([key, value]) => `${key}=${formatSwitch(value)}`,
    );
    lines.push(`  fast path: ${switches.join(" ")}`);
    for (const note of info.fastPathNotes) lines.push(`  ${note}`);
  }
  if (info.name === "webgpu") for (const note of info.fastPathNotes) lines.push(`  ${note}`);
  return lines;
}

function formatSwitch(value: unknown): string {
  return typeof value === "boolean" ? (value ? "on" : "off") : String(value);
}
