/*
 * The fast path's switches on webgpu. Each fused op (dense, TC, likelihood, Adam, logsumexp's
 * gradient) is a loop over the wasm backend's heap, or OpenBLAS reading it: it checks
 * `tf.getBackend() === "wasm"` and otherwise composes tfjs ops, the ones the cpu backend runs, so
 * on webgpu every switch is off (the same table, fast-path-settings.ts, resolved for a backend
 * that has none of them) and the results compare with the cpu backend's op for op. A WGSL
 * version of each would save kernel launches on a GPU; none is written yet.
 */
export const WEBGPU_FAST_PATH_NOTE =
  "fused ops (dense, TC, likelihood, Adam, logsumexp): tfjs's composed ops on webgpu, as on cpu";
