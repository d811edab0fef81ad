import type { Diagnostic, Span } from "@vaec/dsl";
import { Reporter } from "../diagnostics/report.js";
import type { ModelIR } from "../ir.js";
import type { CheckContext } from "./context.js";
import { estimateMemory, type MemoryEstimate } from "./estimate-memory.js";
import { diag } from "../diagnostics/diag.js";

const GiB = 1024 ** 3;

/**
 * The machine's memory when the caller does not say (a browser, a library user): a modest
 * laptop's. The CLI and the runtime pass the real figure (`os.totalmem()`).
 */
export const ASSUMED_MACHINE_MEMORY = 8 * GiB;

/** Above this share of the machine's memory, a spec is warned about (VAE220). */
const WARN_SHARE = 0.5;

/**
 * Refuses a spec whose run would need more memory than the machine has (VAE219), and warns when
 * it needs more than half (VAE220), before anything is allocated. Pure: the machine's memory is
 * an argument, so the compiler stays runnable in a browser.
 */
export function checkResources(
  ctx: CheckContext,
  ir: ModelIR,
  machineBytes: number | undefined,
): Diagnostic[] {
  const reporter = new Reporter(ctx.reporter.file);
  const estimate = estimateMemory(ir);
  const machine = machineBytes ?? ASSUMED_MACHINE_MEMORY;
  const need = estimate.totalBytes;
  if (need <= machine * WARN_SHARE) return [];
  const over = need > machine;
  const machineText =
    machineBytes === undefined
      ? `the ${bytes(machine)} assumed when the machine's memory is not known`
      : `this machine's ${bytes(machine)}`;
  const place = largestPart(ctx, ir, estimate, machine * WARN_SHARE);
  const holes = { need: bytes(need), machine: machineText };
  reporter.report(
    over ? diag.memoryOverMachine(place.span, holes) : diag.memoryOverHalf(place.span, holes),
    { label: place.label, notes: breakdown(ir, estimate), help: place.help },
  );
  return reporter.diagnostics;
}

/** The parts of the estimate, for the notes. */
function breakdown(ir: ModelIR, e: MemoryEstimate): string[] {
  const tc = e.tcBytes > 0 ? ` + the TC penalty's batch x batch terms ${bytes(e.tcBytes)}` : "";
  return [
    `training: ${bytes(e.trainingBytes)} = ${count(e.params)} parameters with gradients and ` +
      `optimizer state (${e.bytesPerParam} bytes each) ${bytes(e.paramBytes)} + activations ` +
      `of a batch of ${count(ir.train.batch * ir.train.samples)} examples ` +
      `(${count(e.activationsPerExample)} values each) ${bytes(e.activationBytes)}${tc}`,
    `attacking: ${bytes(e.attackingBytes)}, mostly ${count(ir.attack.pairs)} pairs x ` +
      `${count(ir.attack.lambdas.length)} lambdas = ${count(e.attackRows)} rows optimised ` +
      `together, each ${count(ir.data.size)} values with the optimizer's history and ` +
      `${count(ir.attack.samples)} x ${count(e.activationsPerExample)} activations ` +
      `(${bytes(e.attackBytes)})`,
    "the data set itself is not counted",
  ];
}

interface Place {
  span: Span;
  label: string;
  help: string;
}

/** Batch and attack sizes of the paper's protocol, to tell a too-large model from its settings. */
const MODEST = { batch: 128, pairs: 20, lambdas: 51 };

/**
 * Where to point: at the model when it would not fit even with modest settings (a network too
 * wide, a latent too large), else at the setting that makes the larger of the two phases.
 */
function largestPart(ctx: CheckContext, ir: ModelIR, e: MemoryEstimate, limit: number): Place {
  const setting = (block: "train" | "attack", name: string): Span | undefined => {
    const written = (block === "train" ? ctx.trainBlock : ctx.attackBlock)?.settings ?? [];
    return [...ctx.setSettings[block], ...written].find((s) => s.name.name === name)?.span;
  };
  const modest = estimateMemory({
    ...ir,
    train: { ...ir.train, batch: Math.min(ir.train.batch, MODEST.batch) },
    attack: {
      ...ir.attack,
      pairs: Math.min(ir.attack.pairs, MODEST.pairs),
      lambdas: ir.attack.lambdas.slice(0, MODEST.lambdas),
    },
  });
  const batch = setting("train", "batch");
  const attack = setting("attack", "lambda") ?? setting("attack", "pairs") ?? ctx.attackBlock?.span;
  if (modest.totalBytes <= limit && e.attackingBytes <= e.trainingBytes && batch)
    return {
      span: batch,
      label: `batch of ${count(ir.train.batch)}`,
      help: "use a smaller `batch`, such as `batch = 128`",
    };
  if (modest.totalBytes <= limit && e.attackingBytes > e.trainingBytes && attack)
    return {
      span: attack,
      label: `${count(e.attackRows)} attack rows`,
      help: "attack fewer `pairs` or with a coarser `lambda` grid, such as `grid(-20, 20, 50)`",
    };
  const biggest = [...ir.generative, ...ir.inference]
    .filter((f) => f.network)
    .sort((a, b) => b.network!.paramCount - a.network!.paramCount)[0];
  return {
    span: biggest?.span ?? ir.data.span,
    label: biggest
      ? `${count(biggest.network!.paramCount)} parameters, ${count(biggest.inputWidth)} inputs, ${count(biggest.outputWidth)} outputs`
      : "the model",
    help: "use narrower networks (such as `mlp[512, 512]`) or fewer latent dimensions",
  };
}

/** 12.7 GiB, 512 MiB. */
function bytes(n: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** 1,000,000 */
function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
