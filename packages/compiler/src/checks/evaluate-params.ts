import type { Expression, ParamDecl } from "@vaec/dsl";
import { COMMAND_LINE, START_SPAN } from "../diagnostics/report.js";
import { helpForUnknown } from "../util/suggest.js";
import type { CheckContext } from "./context.js";
import { evaluateNumber } from "./evaluate-expressions.js";
import { diag } from "../diagnostics/diag.js";

/**
 * Evaluates every `param` to a number, in dependency order so a param may use any other, and
 * applies `--set name=value` overrides (a set param keeps its new value; params computed from it
 * follow). Reports cycles between params and `--set` names that match no param.
 */
export function evaluateParams(ctx: CheckContext): void {
  const { reporter } = ctx;
  const overrides = new Map<string, number>();
  for (const [name, raw] of Object.entries(ctx.set)) {
    if (name.includes(".")) continue; // train.x / attack.x: read by check-settings
    if (!ctx.paramDecls.has(name)) {
      reporter.report(diag.setNamesNoParam(START_SPAN, { name, raw }), {
        help: ctx.paramDecls.size
          ? helpForUnknown(name, [...ctx.paramDecls.keys()], "params")
          : "the spec declares no `param`; use `train.<setting>` or `attack.<setting>` to set a setting",
        file: COMMAND_LINE,
      });
      continue;
    }
    const value = parseNumber(raw);
    if (value === undefined) {
      reporter.report(diag.setNotANumber(START_SPAN, { name, raw }), {
        help: `params are numbers: \`--set ${name}=4\``,
        file: COMMAND_LINE,
      });
      continue;
    }
    overrides.set(name, value);
  }

  const state = new Map<string, "visiting" | "done">();
  // The params being evaluated, outermost first: one shared stack (a copy per level would make a
  // chain of 50,000 params quadratic).
  const chain: ParamDecl[] = [];
  const visit = (decl: ParamDecl): void => {
    const name = decl.name.name;
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") {
      const start = chain.findIndex((d) => d.name.name === name);
      const cycle = chain.slice(start);
      reporter.report(diag.paramCycle(decl.name.span, { name }), {
        label:
          cycle.length > 1
            ? `\`${name}\` uses \`${cycle[1].name.name}\` ...`
            : "used in its own definition",
        labels: cycle.slice(1).map((d, i) => ({
          span: d.name.span,
          message: `... \`${d.name.name}\` uses \`${(cycle[i + 2] ?? cycle[0]).name.name}\``,
        })),
        help: "give one of these params a plain number",
      });
      state.set(name, "done");
      ctx.params.set(name, Number.NaN);
      return;
    }
    state.set(name, "visiting");
    const override = overrides.get(name);
    if (override !== undefined) {
      ctx.params.set(name, override);
    } else {
      for (const ref of referencedNames(decl.value)) {
        const dep = ctx.paramDecls.get(ref);
        if (!dep) continue;
        chain.push(decl);
        visit(dep);
        chain.pop();
      }
      if (state.get(name) === "done") return; // reported as part of a cycle
      const value = evaluateNumber(decl.value, { reporter, params: ctx.params });
      // NaN marks a param whose own error was reported: its uses stay quiet (see evaluateExpression)
      ctx.params.set(name, value ?? Number.NaN);
    }
    state.set(name, "done");
  };
  for (const decl of ctx.paramDecls.values()) visit(decl);
}

/** Numbers as `--set` accepts them: anything `Number` reads (`4`, `1e-3`, `0x10`), `_` allowed. */
export function parseNumber(raw: string): number | undefined {
  const text = raw.trim().replaceAll("_", "");
  if (text === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** The names an expression mentions; a loop, not recursion (a `1 + 1 + ...` chain nests deep). */
function referencedNames(root: Expression): string[] {
  const names: string[] = [];
  const stack: Expression[] = [root];
  while (stack.length > 0) {
    const expr = stack.pop()!;
    switch (expr.kind) {
      case "Reference":
        names.push(expr.name.name);
        break;
      case "Unary":
        stack.push(expr.operand);
        break;
      case "Binary":
        stack.push(expr.right, expr.left);
        break;
      case "List":
        for (let i = expr.items.length - 1; i >= 0; i--) stack.push(expr.items[i]);
        break;
      case "Call":
      case "Network":
        for (let i = expr.args.length - 1; i >= 0; i--) stack.push(expr.args[i].value);
        break;
    }
  }
  return names;
}
