import type { Expression, SweepAxis } from "@vaec/dsl";
import type { SweepValue } from "../ir.js";
import { Reporter, type ReportExtra } from "../diagnostics/report.js";
import { helpForUnknown } from "../util/suggest.js";
import { expressionText } from "../util/expression-text.js";
import { ATTACK_SETTINGS } from "./check-attack.js";
import { checkTrainSettings, TRAIN_SETTINGS } from "./check-settings.js";
import type { CheckContext } from "./context.js";
import { evaluateExpression, expectNumber, reportWrongKind } from "./evaluate-expressions.js";
import { diag } from "../diagnostics/diag.js";

/**
 * The most points one spec's grid may have: a typo such as `[1 .. 1000]` written out, or one
 * axis too many, is caught here rather than after a day of training. The study as a whole has
 * its own cap in the runtime (`--max-points`).
 */
export const MAX_GRID_POINTS = 1000;

/**
 * Resolves `sweep beta in [1, 2], train.seed in [1, 2, 3]`: each axis is a declared param (bare
 * name; `seed` alone means `train.seed` unless a param is called `seed`) or a train setting, each
 * value is checked as that setting would be (so `train.data in [sprites, mnsit]` is an error in
 * `vaec check`, not at point 7 of a study), and the grid's size is capped. Axes given on the
 * command line (`vaec sweep --grid`) replace the spec's axis of the same key.
 */
export function checkSweeps(ctx: CheckContext): void {
  const fromSpec = ctx.sweepDecls.flatMap((decl) => decl.axes);
  const gridFiles = new Map(
    (ctx.gridDecls ?? []).flatMap(({ decl, file }) => decl.axes.map((axis) => [axis, file])),
  );
  const fromCommandLine = [...gridFiles.keys()];
  const overridden = new Set(fromCommandLine.map((axis) => axisKey(ctx, axis)));
  const axes = [
    ...fromSpec.filter((axis) => !overridden.has(axisKey(ctx, axis))),
    ...fromCommandLine,
  ];
  const swept = new Set<string>();
  for (const axis of axes) {
    const key = axisKey(ctx, axis);
    // A `--grid` axis's spans point into the flag's text, not the spec.
    const file = gridFiles.get(axis);
    const where: ReportExtra = file ? { file } : {};
    if (!knownKey(ctx, axis, key, where)) continue;
    if (swept.has(key)) {
      ctx.reporter.report(diag.sweptTwice(axis.name.span, { key }), {
        ...where,
        label: "second sweep",
        help: "list every value once, in one axis: `sweep beta in [1, 2, 4], train.seed in [1, 2]`",
      });
      continue;
    }
    swept.add(key);
    const values = readValues(ctx, axis, key, where);
    if (values) ctx.sweeps.push({ key, values, span: axis.span });
  }
  const points = ctx.sweeps.reduce((n, axis) => n * axis.values.length, 1);
  if (points > MAX_GRID_POINTS && ctx.sweeps.length > 0) {
    ctx.reporter.report(
      diag.gridTooLarge(ctx.sweeps[0].span, {
        points: points.toLocaleString("en"),
        max: MAX_GRID_POINTS.toLocaleString("en"),
      }),
      {
        label: ctx.sweeps.map((a) => `${a.key}: ${a.values.length}`).join(" x "),
        help: "sweep fewer values or fewer axes; run a larger study as several grids",
      },
    );
  }
}

function axisKey(ctx: CheckContext, axis: SweepAxis): string {
  if (axis.block) return `${axis.block.name}.${axis.name.name}`;
  const name = axis.name.name;
  return name === "seed" && !ctx.paramDecls.has("seed") ? "train.seed" : name;
}

/** Whether the axis names a param or a train setting; reports it when not. */
function knownKey(ctx: CheckContext, axis: SweepAxis, key: string, where: ReportExtra): boolean {
  if (!axis.block) {
    if (key === "train.seed" || ctx.paramDecls.has(key)) return true;
    ctx.reporter.report(diag.sweepNotAParam(axis.name.span, { key }), {
      ...where,
      label: "not a declared `param`",
      help: ctx.paramDecls.size
        ? helpForUnknown(key, [...ctx.paramDecls.keys()], "params")
        : `declare it and use it (\`param ${key} = 1\`, then \`with beta = ${key}\`), or sweep a setting: \`train.steps in [200, 400]\``,
    });
    return false;
  }
  const block = axis.block.name;
  const name = axis.name.name;
  if (block === "attack" && (ATTACK_SETTINGS as readonly string[]).includes(name)) {
    ctx.reporter.report(diag.sweepAttackSetting(axis.span, { key }), {
      ...where,
      label: "an attack setting",
      help: `every point of a grid is attacked alike, so its results compare; set it for all points instead: \`attack { ${name} = ... }\` or \`--set ${key}=...\``,
    });
    return false;
  }
  if (block !== "train" || !(TRAIN_SETTINGS as readonly string[]).includes(name)) {
    ctx.reporter.report(diag.sweepNamesNoSetting(axis.span, { key }), {
      ...where,
      label: "not a param or a `train` setting",
      help:
        block === "train"
          ? helpForUnknown(name, TRAIN_SETTINGS, "settings of `train`")
          : "sweep a param (`beta in [1, 2]`) or a train setting (`train.seed in [1, 2]`, `train.steps in [200, 400]`)",
    });
    return false;
  }
  return true;
}

/** The axis's values as written and as numbers, or undefined after an error. */
function readValues(
  ctx: CheckContext,
  axis: SweepAxis,
  key: string,
  where: ReportExtra,
): SweepValue[] | undefined {
  const reporter = where.file ? new Reporter(where.file) : ctx.reporter;
  const ev = { reporter, params: ctx.params };
  const list = axis.values;
  if (list.kind !== "List" || list.items.length === 0) {
    reportWrongKind(evaluateExpression(list, ev), "a non-empty list `[...]`", ev);
    return undefined;
  }
  const isParam = !key.includes(".");
  const values: SweepValue[] = [];
  let ok = true;
  const seen = new Map<string, Expression>();
  for (const item of list.items) {
    let value: SweepValue;
    if (isParam) {
      const number = expectNumber(evaluateExpression(item, ev), ev);
      if (number === undefined) {
        ok = false;
        continue;
      }
      value = { text: String(number), number };
    } else {
      if (!settingValueIsValid(ctx, key.slice("train.".length), item, reporter)) {
        ok = false;
        continue;
      }
      const evaluated = evaluateExpression(item, { ...ev, reporter: new Reporter(ctx.file) });
      value = {
        text: expressionText(item),
        number: evaluated.kind === "number" ? evaluated.value : null,
      };
    }
    const earlier = seen.get(value.text);
    if (earlier) {
      reporter.report(diag.sweepValueTwice(item.span, { key, text: value.text }), {
        label: "listed again",
        labels: [{ span: earlier.span, message: "first here" }],
        help: "remove the repeat: the grid has each point once",
      });
      continue;
    }
    seen.set(value.text, item);
    values.push(value);
  }
  if (reporter !== ctx.reporter) ctx.reporter.diagnostics.push(...reporter.diagnostics);
  return ok ? values : undefined;
}

/**
 * Checks one value of a `train.<name>` axis exactly as `train { name = value }` would be checked,
 * in a scratch copy of the context; its errors are reported at the value in the sweep line (its
 * warnings would repeat those of the spec's own block, so they are left out).
 */
function settingValueIsValid(
  ctx: CheckContext,
  name: string,
  value: Expression,
  reporter: Reporter,
): boolean {
  const scratch = new Reporter(reporter.file);
  const setting = {
    kind: "Setting" as const,
    name: { kind: "Identifier" as const, name, span: value.span },
    value,
    span: value.span,
  };
  checkTrainSettings({
    ...ctx,
    reporter: scratch,
    setSettings: {
      train: [...ctx.setSettings.train.filter((s) => s.name.name !== name), setting],
      attack: ctx.setSettings.attack,
    },
  });
  const errors = scratch.diagnostics.filter((d) => d.severity === "error");
  reporter.diagnostics.push(...errors);
  return errors.length === 0;
}
