import { DISTRIBUTION_CODES } from "./distribution-codes.js";
import { GRAPH_CODES } from "./graph-codes.js";
import { NAME_CODES } from "./name-codes.js";
import { OBJECTIVE_CODES } from "./objective-codes.js";

/*
 * The compiler's diagnostics catalogue (VAE1xx-VAE4xx): every semantic code written once, with
 * its messages, severity, title, a long explanation, a failing example and the fix (the format
 * is @vaec/dsl's `CatalogueEntry`), one file per range: name-codes.ts (VAE1xx), graph-codes.ts
 * (VAE2xx), distribution-codes.ts (VAE3xx), objective-codes.ts (VAE4xx). Call sites build
 * diagnostics with the constructors in diag.ts; docs/diagnostics/<code>.md and the golden cases
 * tests/golden/err/sem-<code>.vae are generated from the entries
 * (packages/runtime/scripts/write-diagnostic-docs.ts), and tests check that each example really
 * produces its code.
 */
export const CODES = { ...NAME_CODES, ...GRAPH_CODES, ...DISTRIBUTION_CODES, ...OBJECTIVE_CODES };

export type Code = keyof typeof CODES;
