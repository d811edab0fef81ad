import { totalmem } from "node:os";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { compileSource, summariseModel, type ModelSummary } from "@vaec/compiler";
import { hasErrors } from "@vaec/dsl";
import { ExitCode } from "../exit-code.js";
import { printDiagnostics } from "../render.js";
import { readSpec } from "../read-spec.js";
import { jsonOutput, setJsonResult, withJsonOutput } from "../json-output.js";

interface CompileOptions {
  out: string;
  set: string[];
  json?: boolean;
}

export const DEFAULT_OUT_DIR = "out";

export function register(program: Command): void {
  program
    .command("compile")
    .summary("check a spec and write its IR (the model the runtime trains)")
    .description(
      "Check a spec, lower it to the IR and write <dir>/<model>.ir.json (by default\n" +
        "./out, relative to the current directory). Print the model family and why, the\n" +
        "latent layers, each network's parameters and the total, and the training and\n" +
        "attack objectives. Warnings (such as a likelihood that skips a layer) are\n" +
        "printed but do not fail the command.\n\n" +
        "Examples:\n" +
        "  vaec compile examples/seatbelt.vae         writes out/Seatbelt.ir.json\n" +
        "  vaec compile examples/seatbelt.vae --set beta=4 -o build\n" +
        "  vaec compile examples/vae.vae --set train.batch=32 --json\n\n" +
        "Prints the summary on stdout; with --json, one JSON document on stdout:\n" +
        "{ ok, command, result: { name, family, layers, networks, paramCount, objectives,\n" +
        "irPath, ... }, diagnostics } (docs/cli-json.md).",
    )
    .argument("<file>", "the .vae spec")
    .option(
      "-o, --out <dir>",
      `directory for <model>.ir.json (created if missing)`,
      DEFAULT_OUT_DIR,
    )
    .option(
      "--set <name=value>",
      "override a param (beta=4) or a setting (train.batch=64); repeatable",
      collect,
      [],
    )
    .option("--json", "print one JSON document on stdout (docs/cli-json.md)")
    .action(async (file: string, options: CompileOptions) => {
      process.exitCode = await withJsonOutput("compile", options.json, () =>
        runCompile(file, options),
      );
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `["beta=4", "train.batch=64"]` to `{ beta: "4", "train.batch": "64" }`; undefined if malformed. */
export function parseSetOptions(entries: readonly string[]): Record<string, string> | string {
  const set: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    if (eq <= 0) return entry;
    set[entry.slice(0, eq).trim()] = entry.slice(eq + 1).trim();
  }
  return set;
}

/** Reads and compiles a spec, printing its diagnostics to stderr. */
export async function compileFile(
  file: string,
  setEntries: readonly string[],
): Promise<{ compiled?: ReturnType<typeof compileSource>["result"]; code: number }> {
  const set = parseSetOptions(setEntries);
  if (typeof set === "string") {
    process.stderr.write(`error: \`--set ${set}\` is not of the form name=value\n`);
    return { code: ExitCode.Usage };
  }
  const read = await readSpec(file);
  if ("diagnostic" in read) {
    printDiagnostics([read.diagnostic]);
    return { code: ExitCode.Failure };
  }
  const text = read.text;
  const { result, diagnostics } = compileSource(
    { path: file, text },
    { set, machineMemory: totalmem() },
  );
  printDiagnostics(diagnostics, new Map([[file, text]]));
  if (!result || hasErrors(diagnostics)) return { code: ExitCode.Failure };
  return { compiled: result, code: ExitCode.Ok };
}

async function runCompile(file: string, options: CompileOptions): Promise<number> {
  const { compiled, code } = await compileFile(file, options.set);
  if (!compiled) return code;
  const { ir } = compiled;
  const path = join(options.out, `${ir.name}.ir.json`);
  await mkdir(options.out, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(ir, null, 2)}\n`);
  await rename(tmp, path);
  const summary = summariseModel(ir);
  setJsonResult({ ...summary, irPath: path });
  if (!jsonOutput()) process.stdout.write(formatSummary(summary, file, path));
  return ExitCode.Ok;
}

export function formatSummary(s: ModelSummary, file: string, path: string): string {
  const n = (v: number): string => v.toLocaleString("en-US");
  const lines = [
    `compiled ${s.name} (${file}) -> ${path}`,
    `family:   ${s.family}: ${s.reason}`,
    `data:     ${s.data.name} : ${s.data.kind}[${s.data.shape.join(", ")}]`,
    `layers:   ${s.layers.map((l) => `${l.name} (${l.dims})`).join(", ")}   (bottom to top)`,
    "networks:",
  ];
  const idWidth = Math.max(5, ...s.networks.map((x) => x.id.length));
  const shapeOf = (x: ModelSummary["networks"][number]): string =>
    `${x.inputWidth} -> ${x.outputWidth}`;
  const shapeWidth = Math.max(...s.networks.map((x) => shapeOf(x).length), 0);
  const countWidth = Math.max(
    n(s.paramCount).length,
    ...s.networks.map((x) => n(x.paramCount).length),
  );
  for (const x of s.networks) {
    lines.push(
      `  ${x.id.padEnd(idWidth)}  ${x.kind.padEnd(4)}  ${shapeOf(x).padEnd(shapeWidth)}  ${n(x.paramCount).padStart(countWidth)}`,
    );
  }
  const networkTotal = s.networks.reduce((a, x) => a + x.paramCount, 0);
  if (networkTotal !== s.paramCount) {
    lines.push(
      `  ${"scale".padEnd(idWidth)}  ${"".padEnd(4)}  ${"learned".padEnd(shapeWidth)}  ${n(s.paramCount - networkTotal).padStart(countWidth)}`,
    );
  }
  lines.push(
    `  ${"total".padEnd(idWidth)}  ${"".padEnd(4)}  ${"".padEnd(shapeWidth)}  ${n(s.paramCount).padStart(countWidth)} parameters`,
  );
  lines.push("objectives:");
  lines.push(`  train         ${s.objectives.training}`);
  for (const [kind, text] of Object.entries(s.objectives.attacks))
    lines.push(`  attack ${kind.padEnd(7)}${text}`);
  return `${lines.join("\n")}\n`;
}
