import type { Setting } from "@vaec/dsl";
import { evaluateExpression, type Evaluator, type ValueArgument } from "./evaluate-expressions.js";

/** Evaluates `name = value` settings into named arguments, so they bind like call arguments. */
export function settingsToArguments(settings: readonly Setting[], ev: Evaluator): ValueArgument[] {
  return settings.map((s) => ({
    name: s.name.name,
    nameSpan: s.name.span,
    value: evaluateExpression(s.value, ev),
    span: s.span,
  }));
}
