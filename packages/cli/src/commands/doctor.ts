import type { Command } from "commander";
import pc from "picocolors";
import {
  adapterSummary,
  describeBackend,
  KEY_LIMITS,
  reportMachine,
  type MachineReport,
  type WebGpuAdapterInfo,
} from "@vaec/runtime";
import { ExitCode } from "../exit-code.js";
import { printDiagnostics } from "../render.js";
import { jsonOutput, setJsonResult, withJsonOutput } from "../json-output.js";

export function register(program: Command): void {
  program
    .command("doctor")
    .summary(
      "show the machine, the backends available and chosen (with reasons), the fast-path switches and whether PyTorch is there for `npm run bench`",
    )
    .description(
      "Show the machine, the backends available and chosen (with reasons), the fast-path\n" +
        "switches and whether PyTorch is there for `npm run bench`. Prints a table on\n" +
        "stdout; with --json, one JSON document on stdout: { ok, command, result: { node,\n" +
        "platform, cores, backends, backend, fastPath, torch, ... }, diagnostics }\n" +
        "(docs/cli-json.md).\n\n" +
        "Examples:\n" +
        "  vaec doctor\n" +
        "  vaec doctor --backend wasm --json",
    )
    .option(
      "--backend <name>",
      "report as if this backend were forced (tfjs-node-gpu, webgpu, tfjs-node, wasm, cpu)",
    )
    .option("--json", "print one JSON document on stdout (docs/cli-json.md)")
    .action(async (options: { backend?: string; json?: boolean }) => {
      process.exitCode = await withJsonOutput("doctor", options.json, async () => {
        const { diagnostics, ...report } = await reportMachine({ backend: options.backend });
        setJsonResult(report);
        if (!jsonOutput()) process.stdout.write(renderReport({ ...report, diagnostics }));
        // Runtime diagnostics point at no spec, so there is no source to quote.
        printDiagnostics(diagnostics, new Map());
        return diagnostics.some((d) => d.severity === "error") ? ExitCode.Failure : ExitCode.Ok;
      });
    });
}

function renderReport(r: MachineReport): string {
  const out: string[] = [];
  out.push(`${pc.bold("node")}      ${r.node} (${r.platform})`);
  out.push(`${pc.bold("machine")}   ${r.cores} cores, ${r.cpuModel}, ${r.memoryGiB} GiB memory`);
  out.push(
    pc.bold("backends") + "  (tried best first: tfjs-node-gpu, webgpu, tfjs-node, wasm, cpu)",
  );
  for (const b of r.backends) {
    const name = b.name.padEnd(14);
    switch (b.state) {
      case "in-use":
        out.push(`  ${pc.green(name)} ${pc.green("in use")}`);
        break;
      case "available":
        out.push(`  ${name} available`);
        break;
      case "unavailable":
        out.push(`  ${pc.dim(name)} ${pc.dim(b.reason)}`);
        break;
      case "not-tried":
        out.push(
          `  ${pc.dim(name)} ${pc.dim(r.backend?.forcedBy ? "not tried (another backend was forced)" : "not tried")}`,
        );
        break;
    }
  }
  if (r.backend) {
    out.push(`  chosen: ${describeBackend(r.backend)[0].replace(/^backend: /, "")}`);
    for (const note of r.backend.fastPathNotes) out.push(`  ${note}`);
  }
  out.push(
    pc.bold("webgpu") +
      "    (Dawn's adapters; a software one only with --backend webgpu or VAEC_WEBGPU_SOFTWARE=1)",
  );
  out.push(...renderAdapter("gpu", r.webgpu.hardware));
  out.push(...renderAdapter("software", r.webgpu.software));
  if (r.webgpu.reason) out.push(`  ${pc.dim(r.webgpu.reason)}`);
  for (const v of r.webgpu.variables)
    out.push(`  ${`${v.env} ${setting(v.value)}`.padEnd(33)} ${pc.dim(v.doc)}`);
  out.push(
    pc.bold("fast path") + " (set the variable to 0 to turn a piece off; n/a: not on this backend)",
  );
  for (const s of r.fastPath) {
    const applies = r.backend?.name === "wasm" || s.backends === "any";
    const effective = applies ? r.backend?.fastPath[s.switch] : undefined;
    const state = effective === undefined ? "n/a" : effective ? "on" : "off";
    out.push(`  ${`${s.env} ${setting(s.value)}`.padEnd(28)} ${state.padEnd(4)} ${pc.dim(s.doc)}`);
    for (const v of s.tuning)
      out.push(`    ${`${v.env} ${setting(v.value)}`.padEnd(31)} ${pc.dim(v.doc)}`);
  }
  out.push(pc.bold("pytorch") + "   (the reference of `npm run bench`)");
  out.push(
    r.torch.present
      ? `  torch ${r.torch.version} via ${r.torch.python}, ${r.torch.threads} thread${r.torch.threads === 1 ? "" : "s"}`
      : `  absent: ${r.torch.reason}; install with \`apt-get install python3-torch libopenblas0-pthread\``,
  );
  return out.join("\n") + "\n";
}

/** An adapter's name, kind and the limits that bound tfjs's shaders; "none" when absent. */
function setting(value: string | undefined): string {
  return value === undefined ? "unset" : `=${value}`;
}

function renderAdapter(label: string, a: WebGpuAdapterInfo | undefined): string[] {
  if (!a) return [`  ${label.padEnd(9)} ${pc.dim("none")}`];
  const lines = [`  ${label.padEnd(9)} ${adapterSummary(a)}`];
  if (a.description && !adapterSummary(a).includes(a.description))
    lines.push(`            ${pc.dim(a.description)}`);
  const limits = KEY_LIMITS.map((k) => `${k}=${a.limits[k]}`).join(" ");
  lines.push(`            ${pc.dim(`limits: ${limits}`)}`);
  return lines;
}
