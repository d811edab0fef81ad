import { BACKEND_CODES } from "./backend-codes.js";
import { CLI_CODES } from "./cli-codes.js";
import { DATA_CODES } from "./data-codes.js";
import { DISTRIBUTED_CODES } from "./distributed-codes.js";
import { HEALTH_CODES } from "./health-codes.js";
import { METRICS_CODES } from "./metrics-codes.js";
import { RUN_CODES } from "./run-codes.js";
import { STUDY_CODES } from "./study-codes.js";

/*
 * The runtime's diagnostics catalogue (VAE5xx-VAE6xx): every code written once, with its
 * messages, severity, title, explanation, an example session and the fix (the format is
 * @vaec/dsl's `CatalogueEntry`), one file per range. The constructors in diag.ts build the
 * messages; docs/diagnostics/<code>.md is generated from the entries
 * (packages/runtime/scripts/write-diagnostic-docs.ts). Runtime codes come from files, machines
 * and runs rather than from a spec alone, so their examples are transcripts (`shown`); each is
 * covered by a named test (see tests/golden.test.ts).
 */
export const RUNTIME_CODES = {
  ...DATA_CODES,
  ...BACKEND_CODES,
  ...RUN_CODES,
  ...STUDY_CODES,
  ...CLI_CODES,
  ...HEALTH_CODES,
  ...METRICS_CODES,
  ...DISTRIBUTED_CODES,
};
