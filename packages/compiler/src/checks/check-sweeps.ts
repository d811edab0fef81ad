import { helpForUnknown } from "../util/suggest.js";
import type { CheckContext } from "./context.js";
import {
  evaluateExpression,
  expectNumber,
  reportWrongKind,
  type Evaluator,
} from "./evaluate-expressions.js";

/** Resolves `sweep p in [v, ...]`: `p` must be a declared param and the values numbers. */
export function checkSweeps(ctx: CheckContext): void {
  const ev: Evaluator = { reporter: ctx.reporter, params: ctx.params };
  const swept = new Set<string>();
  for (const decl of ctx.sweepDecls) {
    const name = decl.variable.name;
    if (!ctx.paramDecls.has(name)) {
      ctx.reporter.report(
        "VAE117",
        decl.variable.span,
        `cannot sweep \`${name}\`: it is not a param`,
        {
          label: "not a declared `param`",
          help: ctx.paramDecls.size
            ? helpForUnknown(name, [...ctx.paramDecls.keys()], "params")
            : `declare it and use it: \`param ${name} = 1\`, then \`with beta = ${name}\``,
        },
      );
      continue;
    }
    if (swept.has(name)) {
      ctx.reporter.report("VAE115", decl.variable.span, `\`${name}\` is swept twice`, {
        label: "second sweep",
        help: "list every value in one `sweep` line",
      });
      continue;
    }
    swept.add(name);
    const value = evaluateExpression(decl.values, ev);
    if (value.kind !== "list" || value.items.length === 0) {
      reportWrongKind(value, "a non-empty list of numbers", ev);
      continue;
    }
    const values = value.items.map((item) => expectNumber(item, ev));
    if (values.every((v) => v !== undefined)) {
      ctx.sweeps.push({ variable: name, values: values as number[], span: decl.span });
    }
  }
}
