import { constructors } from "@vaec/compiler";
import { RUNTIME_CODES } from "./codes.js";

/**
 * The runtime's diagnostic constructors, one per message of its catalogue:
 * `runtimeDiagnostic(diag.nonFiniteLoss(NOWHERE, { term, value, step }), { help })`.
 */
export const diag = constructors(RUNTIME_CODES);
