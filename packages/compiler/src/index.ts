export type * from "./ir.js";
export { IR_VERSION } from "./ir.js";
