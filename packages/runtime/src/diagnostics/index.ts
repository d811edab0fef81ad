/*
 * `@vaec/runtime/diagnostics`: the runtime's diagnostics catalogue as constructors, without tfjs
 * or any backend, so the command line words its own codes (VAE580-VAE589) from the one catalogue
 * while `vaec check` still loads no backend.
 */
export { diag } from "./diag.js";
export { NOWHERE, runtimeDiagnostic } from "../backend/runtime-diagnostic.js";
