// Mutation fuzzing of the parser: `npm run fuzz -- 10000 [seed]`.
// Every fourth spec carries a generated deep or long expression (deep-expressions.ts).
// Prints the number of crashes (a throw, a diagnostic without a code or with an invalid span,
// or a parse slower than a second) and of internal errors (VAE900), and the throughput; exits 1
// on any of either.
import { fuzzCorpus } from "./fuzz-corpus.js";
import { fuzz } from "./fuzz-run.js";

const count = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 1);
if (!Number.isInteger(count) || count <= 0 || !Number.isInteger(seed)) {
  console.error("usage: npm run fuzz -- [count] [seed]");
  process.exit(2);
}
const corpus = fuzzCorpus();
const report = fuzz(corpus, count, seed);
for (const failure of report.failures.slice(0, 10)) {
  console.log(`seed ${failure.seed} (${failure.source}): ${failure.problem}`);
  console.log(JSON.stringify(failure.text.slice(0, 400)));
}
const crashes = report.failures.filter((f) => f.kind === "crash").length;
const internal = report.failures.filter((f) => f.kind === "internal").length;
console.log(
  `${report.runs} mutants of ${corpus.length} specs (${report.generated} with a generated deep ` +
    `or long expression): ${crashes} crashes, ${internal} internal errors; ` +
    `${(report.runs / report.seconds).toFixed(0)} parses/s, ` +
    `${(report.bytes / 1e6 / report.seconds).toFixed(2)} MB/s, slowest ${report.slowestMs.toFixed(1)} ms`,
);
process.exitCode = report.failures.length === 0 ? 0 : 1;
