// Parse speed on a large generated spec: `npx tsx packages/dsl/scripts/bench-parse.ts [MB]`.
// Repeats the built-in every-construct spec (models renamed) up to the size, parses it 8 times
// and prints the best and median time and throughput (lex + parse + AST).
import { parse } from "../src/syntax/parse.js";
import { BUILT_IN_SPEC } from "./fuzz-corpus.js";

const megabytes = Number(process.argv[2] ?? 1);
let text = "";
for (let i = 0; text.length < megabytes * 1e6; i++) {
  text += BUILT_IN_SPEC.replace("Everything", `M${i}`);
}
const times: number[] = [];
for (let run = 0; run < 8; run++) {
  const started = performance.now();
  const { result } = parse({ path: "big.vae", text });
  times.push(performance.now() - started);
  if (!result) throw new Error("the generated spec did not parse");
}
times.sort((a, b) => a - b);
const mb = text.length / 1e6;
const rate = (ms: number) => (mb / (ms / 1000)).toFixed(2);
console.log(
  `${mb.toFixed(2)} MB: best ${times[0].toFixed(0)} ms (${rate(times[0])} MB/s), ` +
    `median ${times[4].toFixed(0)} ms (${rate(times[4])} MB/s)`,
);
