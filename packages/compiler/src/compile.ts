import type { Diagnostic, Program, Result, Setting, SourceFile, Span } from "@vaec/dsl";
import { hasErrors, internalError, parse } from "@vaec/dsl";
import { checkAttackSettings } from "./checks/check-attack.js";
import { checkCycles } from "./checks/check-cycles.js";
import { checkDeclarations } from "./checks/check-declarations.js";
import { checkDistributions } from "./checks/check-distributions.js";
import { checkFactors } from "./checks/check-factors.js";
import { checkHeldOutForAttacks } from "./checks/check-held-out.js";
import { checkPenalties } from "./checks/check-penalties.js";
import { checkResources } from "./checks/check-resources.js";
import { checkTrainSettings } from "./checks/check-settings.js";
import { checkShapes } from "./checks/check-shapes.js";
import { checkSweeps } from "./checks/check-sweeps.js";
import { readGridAxes } from "./checks/read-grid-axes.js";
import { createContext, type CheckContext } from "./checks/context.js";
import { evaluateParams } from "./checks/evaluate-params.js";
import { resolveNames } from "./checks/resolve-names.js";
import { COMMAND_LINE, Reporter, START_SPAN } from "./diagnostics/report.js";
import { helpForUnknown } from "./util/suggest.js";
import { TRAIN_SETTINGS } from "./checks/check-settings.js";
import { ATTACK_SETTINGS } from "./checks/check-attack.js";
import type { ModelIR } from "./ir.js";
import { lowerModel } from "./lower/lower-model.js";
import { diag } from "./diagnostics/diag.js";

export interface CompileOptions {
  /** `--set` overrides: `{ beta: "4", "train.batch": "64" }`. */
  set?: Record<string, string>;
  /**
   * Bytes of memory of the machine that will run the spec (`os.totalmem()` from the CLI and
   * the runtime), for the memory estimate (check-resources.ts); ASSUMED_MACHINE_MEMORY if unset.
   */
  machineMemory?: number;
  /** `--grid` axes, as after `sweep`: `["train.seed in [1, 2, 3]"]`; they replace the spec's. */
  grid?: string[];
}

export interface Compiled {
  ir: ModelIR;
  program: Program;
}

/** The semantic passes, in order; each reads what the earlier ones resolved. */
const PASSES: Array<(ctx: CheckContext) => void> = [
  evaluateParams,
  checkDeclarations,
  checkFactors,
  checkCycles,
  checkDistributions,
  checkShapes,
  checkPenalties,
  checkTrainSettings,
  checkAttackSettings,
  checkHeldOutForAttacks,
  checkSweeps,
];

/** Parses and checks a spec: every diagnostic, syntax and semantic (for `vaec check`). */
export function checkSource(source: SourceFile, options: CompileOptions = {}): Diagnostic[] {
  const parsed = parse(source);
  if (!parsed.result || hasErrors(parsed.diagnostics)) return parsed.diagnostics;
  // Lowered too, so that `vaec check` reports what only the IR shows (its memory estimate).
  return [...parsed.diagnostics, ...compileProgram(parsed.result, source, options).diagnostics];
}

/** Parses, checks and, when there are no errors, lowers a spec to the IR. */
export function compileSource(source: SourceFile, options: CompileOptions = {}): Result<Compiled> {
  const parsed = parse(source);
  if (!parsed.result || hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const compiled = compileProgram(parsed.result, source, options);
  return { ...compiled, diagnostics: [...parsed.diagnostics, ...compiled.diagnostics] };
}

/** Checks and lowers an already parsed spec (`source` is kept for its path and digest). */
export function compileProgram(
  program: Program,
  source: SourceFile,
  options: CompileOptions = {},
): Result<Compiled> {
  const { ctx, diagnostics } = analyse(program, source, options);
  if (hasErrors(diagnostics)) return { diagnostics };
  try {
    const ir = lowerModel(ctx, source);
    // Before anything is allocated: a spec that needs more memory than the machine has stops here.
    const resources = checkResources(ctx, ir, options.machineMemory);
    if (hasErrors(resources)) return { diagnostics: [...diagnostics, ...resources] };
    return { result: { ir, program }, diagnostics: [...diagnostics, ...resources] };
  } catch (error) {
    return { diagnostics: [...diagnostics, internalError(error, { file: source.path })] };
  }
}

function analyse(
  program: Program,
  source: SourceFile,
  options: CompileOptions,
): { ctx: CheckContext; diagnostics: Diagnostic[] } {
  const reporter = new Reporter(source.path);
  const set = options.set ?? {};
  const ctx = createContext(program, reporter, set, readSettingOverrides(program, set, reporter));
  if (options.grid?.length) ctx.gridDecls = readGridAxes(options.grid, reporter);
  try {
    resolveNames(ctx);
    if (ctx.model) for (const pass of PASSES) pass(ctx);
  } catch (error) {
    reporter.diagnostics.push(internalError(error, { file: source.path }));
  }
  const diagnostics = [...reporter.diagnostics].sort(
    (a, b) => a.span.start.offset - b.span.start.offset,
  );
  return { ctx, diagnostics };
}

/**
 * `--set train.batch=64` becomes the setting `batch = 64` of the train block, parsed by the real
 * parser; its spans are moved onto the setting it replaces (or the block), so diagnostics about
 * the value point at the place in the spec it overrides.
 */
function readSettingOverrides(
  program: Program,
  set: Record<string, string>,
  reporter: Reporter,
): { train: Setting[]; attack: Setting[] } {
  const out: { train: Setting[]; attack: Setting[] } = { train: [], attack: [] };
  for (const [key, raw] of Object.entries(set)) {
    const dot = key.indexOf(".");
    if (dot < 0) continue;
    const block = key.slice(0, dot);
    const name = key.slice(dot + 1);
    if ((block !== "train" && block !== "attack") || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      reporter.report(diag.setNamesNoSetting(START_SPAN, { key, raw }), {
        help: "override a param (`--set beta=4`) or a setting (`--set train.batch=64`, `--set attack.pairs=5`)",
        file: COMMAND_LINE,
      });
      continue;
    }
    const known: readonly string[] = block === "train" ? TRAIN_SETTINGS : ATTACK_SETTINGS;
    if (!known.includes(name)) {
      reporter.report(diag.setUnknownBlockSetting(START_SPAN, { key, raw, block, name }), {
        help: helpForUnknown(name, known, `settings of \`${block}\``),
        file: COMMAND_LINE,
      });
      continue;
    }
    const parsed = parse({ path: `--set ${key}`, text: `${block} { ${name} = ${raw} }` });
    const item = parsed.result?.items[0];
    const settings =
      item && (item.kind === "TrainBlock" || item.kind === "AttackBlock") ? item.settings : [];
    const setting = settings[0];
    if (!setting || hasErrors(parsed.diagnostics) || settings.length !== 1) {
      reporter.report(diag.setNotAnExpression(START_SPAN, { key, raw }), {
        help: "write the value as in the spec: `--set train.batch=64`, `--set train.data=mnist`",
        file: COMMAND_LINE,
      });
      continue;
    }
    const existing = program.items.find(
      (i) => i.kind === (block === "train" ? "TrainBlock" : "AttackBlock"),
    );
    const current =
      existing && (existing.kind === "TrainBlock" || existing.kind === "AttackBlock")
        ? existing.settings
        : [];
    const span = current.find((s) => s.name.name === name)?.span ?? existing?.span ?? START_SPAN;
    out[block].push(moveSpans(setting, span));
  }
  return out;
}

/** A copy of `node` with every span replaced; a loop, as a `1 + 1 + ...` value nests deep. */
function moveSpans<T>(node: T, span: Span): T {
  const copy = (value: unknown): unknown =>
    value === null || typeof value !== "object" ? value : Array.isArray(value) ? [] : {};
  const root = copy(node);
  const pending: Array<[from: object, to: Record<string, unknown>]> = [];
  if (root !== node) pending.push([node as object, root as Record<string, unknown>]);
  while (pending.length > 0) {
    const [from, to] = pending.pop()!;
    for (const [k, v] of Object.entries(from)) {
      to[k] = k === "span" || k === "headSpan" ? span : copy(v);
      if (to[k] !== v && k !== "span" && k !== "headSpan")
        pending.push([v as object, to[k] as Record<string, unknown>]);
    }
  }
  return root as T;
}
