import type { AttackKind, AttackSettings } from "../ir.js";
import { helpForUnknown } from "../util/suggest.js";
import { reportChoice } from "./check-distributions.js";
import type { CheckContext } from "./context.js";
import {
  expectNumber,
  reportWrongKind,
  type Evaluator,
  type Value,
} from "./evaluate-expressions.js";
import { readInteger, readPositive, reportRange } from "./read-values.js";
import { bindArguments } from "./bind-arguments.js";
import { bindSettingsBlock } from "./settings-block.js";
import { diag } from "../diagnostics/diag.js";

export const ATTACK_SETTINGS = [
  "kinds",
  "pairs",
  "lambda",
  "optimizer",
  "path",
  "samples",
  "seed",
] as const;
export const ATTACK_KINDS: readonly AttackKind[] = ["kl", "w2", "output"];
export const ATTACK_OPTIMIZERS = ["lbfgsb", "adam"] as const;
export const ATTACK_PATHS = ["mean", "sample"] as const;
export const ATTACK_DEFAULTS = {
  pairs: 20,
  /** The paper's grid: lambda = 0 and 2^c for 50 evenly spaced c in [-20, 20]. */
  grid: { lo: -20, hi: 20, count: 50 },
  lbfgsb: { steps: 200, memory: 10 },
  adam: { steps: 500, lr: 1e-2 },
  samples: 10,
  seed: 0,
} as const;

/** The most values a lambda grid may have (VAE221): the paper uses 50. */
export const MAX_LAMBDAS = 10_000;

/** `{0}` and `2^c` for `count` evenly spaced exponents c in [lo, hi]. */
export function lambdaGrid(lo: number, hi: number, count: number): number[] {
  const exponents =
    count === 1
      ? [lo]
      : Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
  return [0, ...exponents.map((c) => 2 ** c)];
}

/**
 * Resolves the `attack` block (with `--set attack.x=...`) into AttackSettings with defaults.
 * The attacked layers are the latents the likelihood conditions on; the runtime evaluates their
 * q-ancestors along the chosen path as well.
 */
export function checkAttackSettings(ctx: CheckContext): void {
  const block = bindSettingsBlock(
    ctx,
    ctx.attackBlock,
    ctx.setSettings.attack,
    "`attack`",
    ATTACK_SETTINGS,
  );
  const { ev, get, int } = block;

  let kinds: AttackKind[] = [...ATTACK_KINDS];
  const kindsValue = get("kinds");
  if (kindsValue) {
    const items = kindsValue.kind === "list" ? kindsValue.items : [kindsValue];
    const read: AttackKind[] = [];
    for (const item of items) {
      if (item.kind === "word" && (ATTACK_KINDS as readonly string[]).includes(item.name)) {
        if (!read.includes(item.name as AttackKind)) read.push(item.name as AttackKind);
      } else if (item.kind === "word") {
        ctx.reporter.report(diag.unknownAttack(item.span, { name: item.name }), {
          label: "not an attack vaec knows",
          help: helpForUnknown(item.name, ATTACK_KINDS, "attacks"),
        });
        block.ok = false;
      } else {
        reportWrongKind(item, "an attack: `kl`, `w2` or `output`", ev);
        block.ok = false;
      }
    }
    if (block.ok && read.length === 0) {
      ctx.reporter.report(diag.noAttackKinds(kindsValue.span), {
        label: "empty",
        help: "list at least one of `kl`, `w2` and `output`",
      });
      block.ok = false;
    }
    kinds = read;
  }

  const lambdaValue = get("lambda");
  const lambdas = lambdaValue
    ? readLambdas(ctx, lambdaValue, ev)
    : lambdaGrid(ATTACK_DEFAULTS.grid.lo, ATTACK_DEFAULTS.grid.hi, ATTACK_DEFAULTS.grid.count);
  if (!lambdas) block.ok = false;

  let optimizer: AttackSettings["optimizer"] = { kind: "lbfgsb", ...ATTACK_DEFAULTS.lbfgsb };
  const optValue = get("optimizer");
  if (optValue) {
    const name = optValue.kind === "word" || optValue.kind === "call" ? optValue.name : undefined;
    if (name === "lbfgsb" || name === "adam") {
      const args = optValue.kind === "call" ? optValue.args : [];
      const named = name === "lbfgsb" ? ["steps", "memory"] : ["steps", "lr"];
      const opts = bindArguments(
        args,
        { what: `\`${name}\``, positional: ["steps"], named },
        ev,
        optValue.span,
      );
      const out: Record<string, number | string> =
        name === "lbfgsb"
          ? { kind: "lbfgsb", ...ATTACK_DEFAULTS.lbfgsb }
          : { kind: "adam", ...ATTACK_DEFAULTS.adam };
      for (const [key, arg] of opts) {
        const n =
          key === "lr" ? readPositive(arg.value, ev, key) : readInteger(arg.value, ev, key, 1);
        if (n === undefined) block.ok = false;
        else out[key] = n;
      }
      optimizer = out as unknown as AttackSettings["optimizer"];
    } else {
      if (optValue.kind === "call") {
        ctx.reporter.report(
          diag.unknownAttackOptimizer(optValue.nameSpan, { name: optValue.name }),
          {
            label: "not an attack optimizer",
            help: helpForUnknown(optValue.name, ATTACK_OPTIMIZERS, "attack optimizers"),
          },
        );
      } else reportChoice(ctx, optValue, ATTACK_OPTIMIZERS, "`lbfgsb` or `adam`");
      block.ok = false;
    }
  }

  let path: "mean" | "sample" = "mean";
  const pathValue = get("path");
  if (pathValue) {
    if (pathValue.kind === "word" && (pathValue.name === "mean" || pathValue.name === "sample"))
      path = pathValue.name;
    else {
      reportChoice(ctx, pathValue, ATTACK_PATHS, "`mean` or `sample`");
      block.ok = false;
    }
  }

  const dataName = ctx.data?.name.name;
  const likelihood = dataName === undefined ? undefined : ctx.pFactors.get(dataName);
  const seen = new Set(likelihood?.given.map((g) => g.name) ?? []);
  const layers = ctx.latents.map((l) => l.name).filter((n) => seen.has(n));

  const attack: AttackSettings = {
    kinds,
    pairs: int("pairs", 1, ATTACK_DEFAULTS.pairs),
    lambdas: lambdas ?? [],
    optimizer,
    path,
    samples: int("samples", 1, ATTACK_DEFAULTS.samples),
    seed: int("seed", 0, ATTACK_DEFAULTS.seed),
    layers,
  };
  if (block.ok) ctx.attack = attack;
}

function readLambdas(ctx: CheckContext, value: Value, ev: Evaluator): number[] | undefined {
  if (value.kind === "call" && value.name === "grid") {
    const bound = bindArguments(
      value.args,
      { what: "`grid`", positional: ["lo", "hi", "count"], named: ["lo", "hi", "count"] },
      ev,
      value.nameSpan,
    );
    const lo = bound.get("lo");
    const hi = bound.get("hi");
    const count = bound.get("count");
    if (!lo || !hi || !count) {
      ctx.reporter.report(diag.gridArguments(value.span), {
        label: "expected `grid(lo, hi, count)`",
        help: "the paper's grid is `grid(-20, 20, 50)`: lambda = 0 and 2^c for 50 values of c from -20 to 20",
      });
      return undefined;
    }
    const l = expectNumber(lo.value, ev);
    const h = expectNumber(hi.value, ev);
    const n = readInteger(count.value, ev, "count", 1);
    if (l === undefined || h === undefined || n === undefined) return undefined;
    if (l > h) {
      reportRange(ev, value.span, "lambda", l, `a grid with lo <= hi (found lo = ${l}, hi = ${h})`);
      return undefined;
    }
    // Checked before the grid is built: grid(-20, 20, 1e8) alone would take 800 MB.
    if (n > MAX_LAMBDAS) {
      ctx.reporter.report(diag.lambdaGridTooLarge(count.value.span, { n }), {
        label: `at most ${MAX_LAMBDAS.toLocaleString("en-US")} values`,
        help: "every pair is attacked at every lambda; the paper's grid is `grid(-20, 20, 50)`",
      });
      return undefined;
    }
    return lambdaGrid(l, h, n);
  }
  if (value.kind === "call") {
    ctx.reporter.report(diag.unknownLambdaSchedule(value.nameSpan, { value: value.name }), {
      label: "expected `grid(lo, hi, count)` or a list",
      help: helpForUnknown(value.name, ["grid"], "schedules"),
    });
    return undefined;
  }
  const items = value.kind === "list" ? value.items : [value];
  const out: number[] = [];
  for (const item of items) {
    const n = readPositive(item, ev, "lambda", true);
    if (n === undefined) return undefined;
    out.push(n);
  }
  if (out.length === 0) {
    reportRange(ev, value.span, "lambda", 0, "a non-empty list of weights");
    return undefined;
  }
  return out;
}
