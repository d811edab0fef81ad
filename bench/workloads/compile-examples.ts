/*
 * Child process of bench/run.ts: parse + compile time of every example spec (examples/*.vae and
 * bench/specs/*.vae), warm-up excluded, median over repetitions. Prints one JSON line.
 */
import fs from "node:fs";
import path from "node:path";
import { compileSource } from "@vaec/compiler";
import { summarize } from "../lib/stats.js";

const reps = Number(process.argv[2] ?? 20);
const files = ["examples", "bench/specs"].flatMap((dir) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".vae"))
    .sort()
    .map((f) => path.join(dir, f)),
);
const rows = files.map((file) => {
  const source = { path: file, text: fs.readFileSync(file, "utf8") };
  const first = performance.now();
  const compiled = compileSource(source);
  const coldMs = performance.now() - first;
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    compileSource(source);
    times.push(performance.now() - start);
  }
  const errors = compiled.diagnostics.filter((d) => d.severity === "error").map((d) => d.code);
  return { file, coldMs, ms: summarize(times), errors };
});
process.stdout.write(JSON.stringify({ rows }) + "\n");
