import type { Span } from "../span.js";

export type Severity = "error" | "warning" | "note";

/** A secondary place that conspires in the problem (rustc's `-----` label). */
export interface Label {
  span: Span;
  message: string;
}

/**
 * A problem found in a spec. Diagnostics are data, never exceptions: every stage returns
 * `{ result?, diagnostics }`. Codes are stable: VAE0xx syntax, VAE1xx names, VAE2xx graph and
 * shapes, VAE3xx distributions, VAE4xx objectives and attacks, VAE5xx runtime and data, VAE9xx
 * internal. Messages are lowercase, with no final period, code in backticks; only `help`
 * suggests a fix.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** The primary place; its label (if any) is printed under the carets. */
  span: Span;
  primaryLabel?: string;
  labels: Label[];
  notes: string[];
  help?: string;
  /** Path of the file the spans refer to. */
  file: string;
}

/** What every stage returns: a result when it could make one, and everything it noticed. */
export interface Result<T> {
  result?: T;
  diagnostics: Diagnostic[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
