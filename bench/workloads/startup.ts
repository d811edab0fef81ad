/*
 * Child process of bench/run.ts: how long the installed `vaec` takes to start, as a user runs it:
 * `node packages/cli/bin/vaec.js ...` on the build in dist/ (brought up to date first), each
 * command in a fresh process, one warm-up run (file cache) excluded. Wall-clock is timed around
 * the process; CPU time (user + system, Node's own start included) is read inside it by a
 * preloaded module at exit, and barely moves when other processes load the machine.
 * Prints one JSON line. Run alone: `npx tsx bench/workloads/startup.ts 10`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { summarize, type Summary } from "../lib/stats.js";

const STARTUP_COMMANDS: Array<{ label: string; args: string[]; targetMs: number }> = [
  { label: "vaec --version", args: ["--version"], targetMs: 300 },
  { label: "vaec --help", args: ["--help"], targetMs: 300 },
  {
    label: "vaec check examples/seatbelt.vae",
    args: ["check", "examples/seatbelt.vae"],
    targetMs: 1000,
  },
];

const root = path.resolve(import.meta.dirname, "../..");
const bin = path.join(root, "packages/cli/bin/vaec.js");
const reps = Number(process.argv[2] ?? 10);

// The bench runs the build a user gets, so bring it up to date (incremental: seconds).
const built = spawnSync(process.execPath, ["scripts/build-package.mjs", "packages/cli"], {
  cwd: root,
  stdio: ["ignore", "ignore", "inherit"],
});
if (built.status !== 0) throw new Error("`npm run build` failed: start-up not measured");

const cpuFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "vaec-startup-")), "cpu");
const probe =
  "data:text/javascript," +
  encodeURIComponent(
    `import { appendFileSync } from "node:fs";
process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  appendFileSync(${JSON.stringify(cpuFile)}, (user + system) / 1000 + "\\n");
});`,
  );
// Without the @vaec/source condition a caller may have set: the installed bin has no sources.
const { NODE_OPTIONS: _source, ...env } = process.env;

function once(args: string[]): { wallMs: number; cpuMs: number } {
  fs.writeFileSync(cpuFile, "");
  const start = performance.now();
  const ran = spawnSync(process.execPath, ["--import", probe, bin, ...args], {
    cwd: root,
    env: { ...env, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const wallMs = performance.now() - start;
  if (ran.status !== 0) throw new Error(`vaec ${args.join(" ")} failed: ${String(ran.stderr)}`);
  return { wallMs, cpuMs: Number(fs.readFileSync(cpuFile, "utf8").trim()) };
}

const rows: Array<{ label: string; targetMs: number; wallMs: Summary; cpuMs: Summary }> = [];
for (const command of STARTUP_COMMANDS) {
  once(command.args);
  const runs = Array.from({ length: reps }, () => once(command.args));
  rows.push({
    label: command.label,
    targetMs: command.targetMs,
    wallMs: summarize(runs.map((r) => r.wallMs)),
    cpuMs: summarize(runs.map((r) => r.cpuMs)),
  });
}
fs.rmSync(path.dirname(cpuFile), { recursive: true, force: true });
process.stdout.write(JSON.stringify({ rows }) + "\n");
