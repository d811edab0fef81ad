/*
 * Prints docs/results.md's tables for a study folder, as markdown on stdout (or, with --into, in
 * place of what stands between a file's `<!-- results-tables:start -->` and
 * `<!-- results-tables:end -->` lines, written atomically): per data set the
 * held-out ELBO, each attack's Delta, Delta per latent dimension and log p(x_t | z*), Seatbelt
 * minus beta-TCVAE at matched beta, the paper's claims with a verdict each, active units, attack
 * convergence and the further metrics, all with 95% CIs (docs/study.md, "Results tables").
 *
 *   npx tsx --conditions=@vaec/source examples/study/results-tables.ts docs/results/study
 *   npx tsx --conditions=@vaec/source examples/study/results-tables.ts runs/try \
 *     --baseline BetaTcVae --seatbelt SeatbeltL2,SeatbeltL4 --tcdlgm Tcdlgm > tables.md
 *
 * Only the records (<study>/points/*.json) are read: the run folders are not needed.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { failure, scriptArgs } from "./script-args.js";

const usage = `usage: results-tables.ts <study folder> [--axis beta] [--baseline MODEL]
                        [--seatbelt MODEL,MODEL] [--tcdlgm MODEL] [--into FILE.md]

--into FILE.md replaces the lines between FILE's <!-- results-tables:start --> and
<!-- results-tables:end --> markers with the tables (docs/results.md has them).

Models are found by the family vaec recognised (beta-TCVAE, Seatbelt-VAE, beta-TCDLGM);
name them (model name, spec path or file name) when a study has only beta = 1 points.`;

const fail: (message: string) => never = failure(usage);
const { values, positionals } = scriptArgs(usage, {
  axis: { type: "string" },
  baseline: { type: "string" },
  seatbelt: { type: "string" },
  tcdlgm: { type: "string" },
  into: { type: "string" },
});
const [dir] = positionals;
if (!dir) fail("error: which study folder? (the --report folder of `vaec sweep`)");
if (!existsSync(join(dir, "points")))
  fail(`error: ${dir} holds no points/ folder: is it the --report folder of a \`vaec sweep\`?`);
// Loaded after the arguments are checked: the runtime (tfjs) takes seconds to import.
const { readAllPointRecords, resultsMarkdown } = await import("@vaec/runtime");
const records = readAllPointRecords(dir);
if (records.length === 0) fail(`error: ${join(dir, "points")} holds no point records yet`);
// The bootstrap takes a while on a large study (2,000 replicates per cell and contrast).
process.stderr.write(`${records.length} point records in ${dir}: computing the tables...\n`);

const tables = resultsMarkdown(records, {
  axis: values.axis,
  roles: {
    baseline: values.baseline,
    seatbelt: values.seatbelt?.split(",").map((s) => s.trim()),
    tcdlgm: values.tcdlgm,
  },
});
if (values.into) {
  const START = "<!-- results-tables:start -->";
  const END = "<!-- results-tables:end -->";
  const text = existsSync(values.into) ? readFileSync(values.into, "utf8") : "";
  const [start, end] = [text.indexOf(START), text.indexOf(END)];
  if (start < 0 || end < start)
    fail(`error: ${values.into} has no ${START} ... ${END} lines to put the tables between`);
  const updated = `${text.slice(0, start + START.length)}\n\n${tables}\n${text.slice(end)}`;
  const temporary = `${values.into}.${process.pid}.tmp`;
  writeFileSync(temporary, updated);
  renameSync(temporary, values.into);
  process.stderr.write(`wrote the tables into ${values.into}\n`);
} else {
  process.stdout.write(tables);
}
