import type { Setting } from "@vaec/dsl";
import type { EarlyStop, LrSchedule, Optimizer } from "../ir.js";
import { helpForUnknown } from "../util/suggest.js";
import { bindArguments } from "./bind-arguments.js";
import type { CheckContext } from "./context.js";
import { reportWrongKind, type Evaluator, type Value } from "./evaluate-expressions.js";
import { readInteger, readPositive, reportRange } from "./read-values.js";
import { diag } from "../diagnostics/diag.js";

/*
 * The training budget (`epochs` or `steps`), the learning-rate schedule (`schedule = cosine(...)`)
 * and early stopping (`early_stop = heldout(...)`) of the `train` block: VAE226-VAE229, with
 * ranges reported as VAE406 like every other setting.
 */

export const LR_SCHEDULES = ["constant", "cosine", "step"] as const;
export const STOP_RULES = ["heldout"] as const;

export const SCHEDULE_DEFAULTS = { warmup: 0, minLr: 0, factor: 0.5 } as const;
export const EARLY_STOP_DEFAULTS = {
  every: 500,
  patience: 3,
  minDelta: 0,
  examples: 1000,
} as const;
export const CONSTANT_SCHEDULE: LrSchedule = { kind: "constant", warmup: 0 };

/**
 * Which budget the block sets: `epochs` and `steps` written together is VAE226, but a `--set`
 * of one replaces the other written in the spec (`--set train.steps=200` on an `epochs = 20`
 * spec trains 200 steps). Returns the name to drop, if any.
 */
export function resolveBudget(
  ctx: CheckContext,
  written: readonly Setting[],
  overrides: readonly Setting[],
): "epochs" | "steps" | undefined {
  const find = (list: readonly Setting[], name: string) => list.find((s) => s.name.name === name);
  const [setEpochs, setSteps] = [find(overrides, "epochs"), find(overrides, "steps")];
  const [epochs, steps] = [
    setEpochs ?? find(written, "epochs"),
    setSteps ?? find(written, "steps"),
  ];
  if (!epochs || !steps) return undefined;
  if (setSteps && !setEpochs) return "epochs";
  if (setEpochs && !setSteps) return "steps";
  const fromSet = Boolean(setEpochs);
  ctx.reporter.report(diag.epochsAndSteps(steps.span), {
    label: "`steps` set here",
    labels: fromSet ? [] : [{ span: epochs.span, message: "`epochs` set here" }],
    help: "keep one: `steps = N` counts optimizer updates, `epochs = N` passes over the training data",
  });
  return undefined;
}

/** Learning rates as written in specs: `1e-4` rather than `0.0001`. */
const rate = (v: number): string => (v > 0 && v < 0.01 ? v.toExponential() : String(v));

function callName(value: Value): string | undefined {
  return value.kind === "word" || value.kind === "call" ? value.name : undefined;
}

function reportUnknown(
  ctx: CheckContext,
  value: Value,
  ev: Evaluator,
  known: readonly string[],
  what: string,
  example: string,
): void {
  const name = callName(value);
  if (name === undefined) {
    reportWrongKind(value, `a ${what} such as \`${example}\``, ev);
    return;
  }
  ctx.reporter.report(
    diag.unknownScheduleOrRule(value.kind === "call" ? value.nameSpan : value.span, { what, name }),
    {
      label: `not a ${what}`,
      help: helpForUnknown(name, known, `${what}s`),
    },
  );
}

/** `schedule = constant | cosine(warmup, min_lr) | step(every, factor, warmup)`. */
export function readSchedule(
  ctx: CheckContext,
  value: Value,
  ev: Evaluator,
  optimizer: Optimizer | undefined,
): LrSchedule | undefined {
  const name = callName(value);
  if (name !== "constant" && name !== "cosine" && name !== "step") {
    reportUnknown(ctx, value, ev, LR_SCHEDULES, "learning-rate schedule", "cosine(warmup = 500)");
    return undefined;
  }
  const named = {
    constant: ["warmup"],
    cosine: ["warmup", "min_lr"],
    step: ["every", "factor", "warmup"],
  }[name];
  const callee = value.kind === "call" ? value.nameSpan : value.span;
  const bound = bindArguments(
    value.kind === "call" ? value.args : [],
    { what: `\`${name}\``, positional: name === "step" ? ["every", "factor"] : [], named },
    ev,
    callee,
  );
  let ok = true;
  const integer = (key: string, min: number, fallback?: number): number | undefined => {
    const arg = bound.get(key);
    if (!arg) return fallback;
    const n = readInteger(arg.value, ev, key, min);
    if (n === undefined) ok = false;
    return n;
  };
  const warmup = integer("warmup", 0, SCHEDULE_DEFAULTS.warmup) ?? 0;
  if (name === "constant") return ok ? { kind: "constant", warmup } : undefined;
  if (name === "cosine") {
    const arg = bound.get("min_lr");
    const minLr = arg ? readPositive(arg.value, ev, "min_lr", true) : SCHEDULE_DEFAULTS.minLr;
    if (minLr === undefined) return undefined;
    if (arg && optimizer && minLr >= optimizer.lr) {
      ctx.reporter.report(diag.minLrNotBelowLr(arg.value.span), {
        label: `${rate(minLr)} >= lr ${rate(optimizer.lr)}`,
        help: `a cosine schedule decays from \`lr\` down to \`min_lr\`: use a smaller \`min_lr\` (e.g. \`min_lr = ${rate(optimizer.lr / 100)}\`) or \`schedule = constant\``,
      });
      return undefined;
    }
    return ok ? { kind: "cosine", warmup, minLr } : undefined;
  }
  const every = integer("every", 1);
  if (every === undefined) {
    if (ok && !bound.has("every"))
      ctx.reporter.report(diag.stepWithoutEvery(value.span), {
        label: "no `every`",
        help: "say how often the rate drops: `schedule = step(every = 2000, factor = 0.5)`",
      });
    return undefined;
  }
  let factor: number = SCHEDULE_DEFAULTS.factor;
  const factorArg = bound.get("factor");
  if (factorArg) {
    const f = readPositive(factorArg.value, ev, "factor");
    if (f === undefined) return undefined;
    if (f > 1) {
      reportRange(ev, factorArg.value.span, "factor", f, "a number in (0, 1]");
      return undefined;
    }
    factor = f;
  }
  return ok ? { kind: "step", warmup, every, factor } : undefined;
}

/** `early_stop = heldout(every, patience, min_delta, examples)`; needs a held-out split. */
export function readEarlyStop(
  ctx: CheckContext,
  value: Value,
  ev: Evaluator,
  heldOut: { count: number; setting?: Setting },
): EarlyStop | undefined {
  const name = callName(value);
  if (name !== "heldout") {
    reportUnknown(ctx, value, ev, STOP_RULES, "stopping rule", "heldout(patience = 3)");
    return undefined;
  }
  const named = ["every", "patience", "min_delta", "examples"];
  const bound = bindArguments(
    value.kind === "call" ? value.args : [],
    { what: "`heldout`", positional: [], named },
    ev,
    value.kind === "call" ? value.nameSpan : value.span,
  );
  let ok = true;
  const integer = (key: string, fallback: number): number => {
    const arg = bound.get(key);
    if (!arg) return fallback;
    const n = readInteger(arg.value, ev, key, 1);
    if (n === undefined) ok = false;
    return n ?? fallback;
  };
  const every = integer("every", EARLY_STOP_DEFAULTS.every);
  const patience = integer("patience", EARLY_STOP_DEFAULTS.patience);
  const examples = integer("examples", EARLY_STOP_DEFAULTS.examples);
  const deltaArg = bound.get("min_delta");
  const minDelta = deltaArg
    ? readPositive(deltaArg.value, ev, "min_delta", true)
    : EARLY_STOP_DEFAULTS.minDelta;
  if (minDelta === undefined) ok = false;
  if (heldOut.count === 0) {
    ctx.reporter.report(diag.earlyStoppingWithoutHeldOut(value.span), {
      label: "evaluated on the held-out split",
      labels: heldOut.setting ? [{ span: heldOut.setting.span, message: "no held-out split" }] : [],
      help: "keep a held-out split (`held_out = 1000`) or remove `early_stop`",
    });
    return undefined;
  }
  return ok ? { kind: "heldout", every, patience, minDelta: minDelta ?? 0, examples } : undefined;
}
