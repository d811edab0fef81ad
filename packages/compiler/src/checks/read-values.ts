import type { Span } from "@vaec/dsl";
import { expectNumber, type Evaluator, type Value } from "./evaluate-expressions.js";
import { diag } from "../diagnostics/diag.js";

/** Reads a whole number >= `min` for a setting (VAE406 when out of range). */
export function readInteger(
  value: Value,
  ev: Evaluator,
  name: string,
  min: number,
): number | undefined {
  const n = expectNumber(value, ev);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < min) {
    reportRange(ev, value.span, name, n, `a whole number of at least ${min}`);
    return undefined;
  }
  return n;
}

/** Reads a number > 0 (or >= 0 when `allowZero`) for a setting. */
export function readPositive(
  value: Value,
  ev: Evaluator,
  name: string,
  allowZero = false,
): number | undefined {
  const n = expectNumber(value, ev);
  if (n === undefined) return undefined;
  if (allowZero ? n < 0 : n <= 0) {
    reportRange(
      ev,
      value.span,
      name,
      n,
      allowZero ? "a number of at least 0" : "a positive number",
    );
    return undefined;
  }
  return n;
}

/** Reads a number in [lo, hi). */
export function readFraction(value: Value, ev: Evaluator, name: string): number | undefined {
  const n = expectNumber(value, ev);
  if (n === undefined) return undefined;
  if (n < 0 || n >= 1) {
    reportRange(ev, value.span, name, n, "a number in [0, 1)");
    return undefined;
  }
  return n;
}

export function reportRange(
  ev: Evaluator,
  span: Span,
  name: string,
  found: number,
  expected: string,
): void {
  ev.reporter.report(diag.settingOutOfRange(span, { name, found }), {
    label: `expected ${expected}`,
    help: `set \`${name}\` to ${expected}`,
  });
}
