import { FAST_PATH_SWITCHES } from "../fast-path-switches.js";

/*
 * The fast path's switches on webgpu. Each fused op (dense, TC, likelihood, Adam, logsumexp's
 * gradient) is a loop over the wasm backend's heap, or OpenBLAS reading it: it checks
 * `tf.getBackend() === "wasm"` and otherwise composes tfjs ops, the ones the cpu backend runs, so
 * on webgpu every switch of the table (fast-path-switches.ts) whose backends are "wasm" is off
 * and the results compare with the cpu backend's op for op. A WGSL version of each would save
 * kernel launches on a GPU; none is written yet.
 */
const FUSED = FAST_PATH_SWITCHES.filter((s) => s.group === "fused-op" || s.key === "fusedAdam");

export const WEBGPU_FAST_PATH_NOTE = `fused ops (${FUSED.map((s) => s.label).join(", ")}): tfjs's composed ops on webgpu, as on cpu`;
