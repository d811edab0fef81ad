import { constructors } from "@vaec/dsl";
import { CODES } from "./codes.js";

/**
 * The compiler's diagnostic constructors, one per message of the catalogue:
 * `reporter.report(diag.unknownDistribution(span, { name }), { label, help })`.
 */
export const diag = constructors(CODES);
