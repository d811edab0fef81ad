// tfjs-core's CommonJS build (what Node loads) ships no gradients; this registers all of them.
// See vendor/build-tfjs-gradients.ts for why they come from a generated bundle.
// tfjs-core itself must be evaluated first: otherwise the bundle's copy of the engine code
// would create the global engine, without the CommonJS build's platform and flags.
import "@tensorflow/tfjs-core";
import "./vendor/tfjs-core-gradients.mjs";
