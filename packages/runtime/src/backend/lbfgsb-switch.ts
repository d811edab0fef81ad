import { backendState } from "./backend-state.js";
import { resolveFastPath } from "./fast-path-settings.js";

/*
 * The `VAEC_WASM_LBFGSB` switch as the attacks' solver reads it (attack/optim/wasm/lbfgsb-wasm.ts).
 * The solver is plain JavaScript or WebAssembly whatever the tfjs backend (the switch acts on any
 * backend): `initBackend` sets it from its options and the environment; before that (a library
 * caller that never starts a backend) the environment alone decides, on by default.
 */

export function setWasmLbfgsb(on: boolean): void {
  backendState.wasmLbfgsb = on;
}

export function wasmLbfgsbRequested(): boolean {
  if (backendState.wasmLbfgsb === undefined) {
    // Guarded: in a browser (the runtime core) there is no environment and the default applies.
    // eslint-disable-next-line no-restricted-globals
    const env = typeof process === "undefined" ? {} : process.env;
    backendState.wasmLbfgsb = resolveFastPath({}, env).settings.wasmLbfgsb;
  }
  return backendState.wasmLbfgsb;
}
