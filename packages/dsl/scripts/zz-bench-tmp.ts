import { parse } from "../src/syntax/parse.js";
import { BUILT_IN_SPEC } from "./fuzz-corpus.js";
let text = "";
for (let i = 0; text.length < 1_000_000; i++) text += BUILT_IN_SPEC.replace("Everything", `M${i}`);
const times: number[] = [];
for (let k = 0; k < 8; k++) {
  const t0 = performance.now();
  const r = parse({ path: "big.vae", text });
  times.push(performance.now() - t0);
  if (!r.result) throw new Error("failed");
}
times.sort((a, b) => a - b);
console.log(`${(text.length / 1e6).toFixed(2)} MB: best ${times[0].toFixed(0)} ms (${(text.length / 1e6 / (times[0] / 1000)).toFixed(2)} MB/s), median ${times[4].toFixed(0)} ms`);
