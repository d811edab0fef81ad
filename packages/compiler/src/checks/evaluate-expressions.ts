import type { Expression, Span } from "@vaec/dsl";
import type { Reporter } from "../diagnostics/report.js";
import { helpForUnknown } from "../util/suggest.js";
import { diag } from "../diagnostics/diag.js";

/**
 * An expression after evaluation. References to a `param` become numbers; any other bare name
 * stays a `word` for the setting that reads it (`sprites`, `relu`, `mss`), which decides whether
 * the word is valid. Arithmetic is done here, so every later pass sees plain values.
 */
export type Value =
  | { kind: "number"; value: number; span: Span }
  | { kind: "string"; value: string; span: Span }
  | { kind: "word"; name: string; span: Span }
  | { kind: "list"; items: Value[]; span: Span }
  | { kind: "call"; name: string; nameSpan: Span; args: ValueArgument[]; span: Span }
  | { kind: "network"; name: string; nameSpan: Span; args: ValueArgument[]; span: Span }
  /** An expression that already produced an error: later passes stay quiet about it. */
  | { kind: "invalid"; span: Span };

export type NetworkValue = Extract<Value, { kind: "network" }>;
export type CallValue = Extract<Value, { kind: "call" }>;

export interface ValueArgument {
  name?: string;
  nameSpan?: Span;
  value: Value;
  span: Span;
}

export interface Evaluator {
  reporter: Reporter;
  /** Evaluated params by name; `undefined` while a param is being evaluated (cycle guard). */
  params: ReadonlyMap<string, number>;
}

export function evaluateExpression(expr: Expression, ev: Evaluator): Value {
  switch (expr.kind) {
    case "Number":
      return { kind: "number", value: expr.value, span: expr.span };
    case "String":
      return { kind: "string", value: expr.value, span: expr.span };
    case "Reference": {
      const value = ev.params.get(expr.name.name);
      if (value !== undefined && Number.isNaN(value)) return { kind: "invalid", span: expr.span };
      if (value !== undefined) return { kind: "number", value, span: expr.span };
      return { kind: "word", name: expr.name.name, span: expr.span };
    }
    case "Unary":
    case "Binary":
      return evaluateArithmetic(expr, ev);
    case "List":
      return {
        kind: "list",
        items: expr.items.map((item) => evaluateExpression(item, ev)),
        span: expr.span,
      };
    case "Call":
    case "Network":
      return {
        kind: expr.kind === "Call" ? "call" : "network",
        name: expr.kind === "Call" ? expr.callee.name : expr.name.name,
        nameSpan: expr.kind === "Call" ? expr.callee.span : expr.name.span,
        args: expr.args.map((arg) => {
          const out: ValueArgument = { value: evaluateExpression(arg.value, ev), span: arg.span };
          if (arg.name) {
            out.name = arg.name.name;
            out.nameSpan = arg.name.span;
          }
          return out;
        }),
        span: expr.span,
      };
  }
}

type Arithmetic = Extract<Expression, { kind: "Unary" | "Binary" }>;

/**
 * `-x`, `a + b` and the rest, evaluated with an explicit stack rather than recursion: a spec may
 * hold a 10,000-term sum or 10,000 signs in a row, a tree that deep. Operands are evaluated left
 * to right (so diagnostics come in source order); an operand that is not a number is reported
 * once, and everything above it becomes `invalid` quietly.
 */
function evaluateArithmetic(root: Arithmetic, ev: Evaluator): Value {
  // Post-order: a node is pushed once to schedule its operands, then again to combine them.
  const stack: Array<{ expr: Expression; ready: boolean }> = [{ expr: root, ready: false }];
  const results: Array<number | undefined> = [];
  while (stack.length > 0) {
    const { expr, ready } = stack.pop()!;
    if (expr.kind !== "Unary" && expr.kind !== "Binary") {
      results.push(expectNumber(evaluateExpression(expr, ev), ev));
    } else if (!ready) {
      stack.push({ expr, ready: true });
      if (expr.kind === "Unary") stack.push({ expr: expr.operand, ready: false });
      else stack.push({ expr: expr.right, ready: false }, { expr: expr.left, ready: false });
    } else if (expr.kind === "Unary") {
      const operand = results.pop();
      results.push(operand === undefined ? undefined : expr.op === "-" ? -operand : operand);
    } else {
      const right = results.pop();
      const left = results.pop();
      results.push(
        left === undefined || right === undefined ? undefined : combine(expr, left, right, ev),
      );
    }
  }
  const value = results[0];
  return value === undefined
    ? { kind: "invalid", span: root.span }
    : { kind: "number", value, span: root.span };
}

function combine(
  expr: Extract<Expression, { kind: "Binary" }>,
  left: number,
  right: number,
  ev: Evaluator,
): number | undefined {
  const value = applyOperator(expr.op, left, right);
  if (Number.isFinite(value)) return value;
  ev.reporter.report(diag.notFinite(expr.span), {
    label: `evaluates to ${value}`,
    help: "check for a division by zero or an exponent that overflows",
  });
  return undefined;
}

/** Evaluates an expression that must be a number; reports and returns undefined otherwise. */
export function evaluateNumber(expr: Expression, ev: Evaluator): number | undefined {
  return expectNumber(evaluateExpression(expr, ev), ev);
}

/** Reads a value that must be a number; reports and returns undefined otherwise. */
export function expectNumber(value: Value, ev: Evaluator, what = "a number"): number | undefined {
  if (value.kind === "number") return value.value;
  if (value.kind === "invalid") return undefined;
  if (value.kind === "word") {
    ev.reporter.report(diag.unknownParameter(value.span, { value: value.name }), {
      label: "not a declared `param`",
      help: ev.params.size
        ? helpForUnknown(value.name, [...ev.params.keys()], "parameters")
        : `declare it first: \`param ${value.name} = ...\``,
    });
    return undefined;
  }
  reportWrongKind(value, what, ev);
  return undefined;
}

export function reportWrongKind(
  value: Value,
  expected: string,
  ev: Evaluator,
  help?: string,
): void {
  if (value.kind === "invalid") return;
  ev.reporter.report(diag.wrongKindOfValue(value.span, { expected, value: describeValue(value) }), {
    label: `expected ${expected}`,
    ...(help ? { help } : {}),
  });
}

export function describeValue(value: Value): string {
  switch (value.kind) {
    case "number":
      return `the number ${value.value}`;
    case "string":
      return "a string";
    case "word":
      return `the name \`${value.name}\``;
    case "list":
      return "a list";
    case "call":
      return `a call to \`${value.name}\``;
    case "network":
      return `the network \`${value.name}[...]\``;
    case "invalid":
      return "an invalid value";
  }
}

function applyOperator(op: "+" | "-" | "*" | "/" | "^", a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "^":
      return a ** b;
  }
}
