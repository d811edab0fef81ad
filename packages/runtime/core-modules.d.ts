/** The runtime core's modules, relative to the repository root (see core-modules.js). */
export declare const CORE_MODULES: string[];
