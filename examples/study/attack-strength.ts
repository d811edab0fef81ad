/*
 * Is the study's attack strong enough? Attacks some of a study's points again on the same pairs
 * with a larger L-BFGS-B iteration cap and compares the latent-KL Delta at each pair's chosen
 * lambda (docs/results.md, "Not the attack's strength"). Needs the points' run folders (the
 * sweep's --out, never committed), so it runs on the machine that ran the study:
 *
 *   npx tsx --conditions=@vaec/source examples/study/attack-strength.ts docs/results/study \
 *     --model BetaTcVae --data sprites --seed 1 --steps 400 --csv docs/results/attack-strength.csv
 *
 * Writes one CSV row per pair (the record's Delta, stop reason and iterations beside the new
 * attack's at the same lambda) and prints, per point, the mean Delta before and after.
 */
import { spawnSync } from "node:child_process";
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { failure, scriptArgs } from "./script-args.js";

const usage = `usage: attack-strength.ts <study folder> --model NAME [--data NAME] [--seed N]
                          [--steps N] [--kind kl|w2|output] [--csv FILE]

Run from the folder the study ran in (the records' run folders are relative to it).`;

const fail: (message: string) => never = failure(usage);
const { values, positionals } = scriptArgs(usage, {
  model: { type: "string" },
  data: { type: "string" },
  seed: { type: "string" },
  steps: { type: "string", default: "400" },
  kind: { type: "string", default: "kl" },
  csv: { type: "string" },
});
const [dir] = positionals;
if (!dir || !values.model) fail("error: which study folder, and which --model?");
const steps = Number(values.steps);
if (!Number.isInteger(steps) || steps < 1)
  fail(`error: --steps takes a whole number, not ${values.steps}`);

const { readAllPointRecords } = await import("@vaec/runtime");
const records = readAllPointRecords(dir).filter(
  (r) =>
    r.model === values.model &&
    (values.data === undefined || r.data === values.data) &&
    (values.seed === undefined || r.seed === Number(values.seed)),
);
if (records.length === 0) fail(`error: no point of ${values.model} matches in ${dir}/points`);

const cli = fileURLToPath(new URL("../../packages/cli/src/bin.ts", import.meta.url));

interface CurvePoint {
  lambda: number;
  deltaWithoutLambda: number;
}
interface AttackedPair {
  curve: CurvePoint[];
  status: { status: string; iterations: number }[];
}

const header = `run,beta,seed,pair,source,target,lambda,delta_spec,status_spec,iterations_spec,delta_${steps},status_${steps},iterations_${steps}`;
const rows: string[] = [header];
for (const record of records) {
  const attack = record.attacks.find((a) => a.kind === values.kind);
  if (!attack) fail(`error: ${record.runDir} has no ${values.kind} attack in its record`);
  if (!existsSync(record.runDir))
    fail(`error: ${record.runDir} is not here: run from the folder the study ran in`);
  const pairs = attack.pairs.map((p) => `${p.source}:${p.target}`).join(",");
  process.stderr.write(`${record.runDir}: ${values.kind} attack, ${steps} iterations...\n`);
  const args = ["attack", record.runDir, "--kinds", values.kind, "--pairs", pairs];
  args.push("--set", `attack.optimizer=lbfgsb(steps = ${steps})`, "--no-report", "--json");
  // The CLI from the same sources as this script's runtime, with the same loader and conditions.
  const run = spawnSync(process.execPath, [...process.execArgv, cli, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (run.status !== 0) fail(`error: vaec attack exited with ${run.status} on ${record.runDir}`);
  const result = JSON.parse(run.stdout).result as { attacks: { pairs: AttackedPair[] }[] };
  const again = result.attacks[0].pairs;
  let [before, after] = [0, 0];
  attack.pairs.forEach((p, i) => {
    // The record's chosen lambda, found in the new attack's curve (the same grid).
    const index = again[i].curve.findIndex((c) => Math.abs(c.lambda - p.lambda) <= 1e-9 * p.lambda);
    const point = again[i].curve[index];
    const stop = again[i].status[index];
    before += p.deltaWithoutLambda / attack.pairs.length;
    after += point.deltaWithoutLambda / attack.pairs.length;
    rows.push(
      [
        record.runDir.split("/").pop(),
        record.axes.beta,
        record.seed,
        p.pair,
        p.source,
        p.target,
        p.lambda.toFixed(4),
        p.deltaWithoutLambda.toFixed(3),
        p.status ?? "",
        p.iterations ?? "",
        point.deltaWithoutLambda.toFixed(3),
        stop.status,
        stop.iterations,
      ].join(","),
    );
  });
  process.stdout.write(
    `${record.model} ${JSON.stringify(record.axes)}: mean Δ ${before.toFixed(1)} at the spec's cap, ${after.toFixed(1)} at ${steps} iterations\n`,
  );
}
if (values.csv) {
  const temporary = `${values.csv}.${process.pid}.tmp`;
  writeFileSync(temporary, rows.join("\n") + "\n");
  renameSync(temporary, values.csv);
  process.stderr.write(`wrote ${values.csv}\n`);
}
