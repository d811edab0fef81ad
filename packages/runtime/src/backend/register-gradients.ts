// tfjs-core's CommonJS build (what Node loads) ships no gradients; this registers all of them.
// See vendor/build-tfjs-gradients.ts for why they come from a generated bundle.
import "./vendor/tfjs-core-gradients.mjs";
