import type { Diagnostic } from "../src/diagnostics/diagnostic.js";
import { parse } from "../src/syntax/parse.js";
import { deepExpression, withDeepExpression } from "./deep-expressions.js";
import { mutate, rng } from "./mutate.js";

export interface FuzzFailure {
  seed: number;
  source: string;
  text: string;
  problem: string;
  /** A crash (a throw, a bad diagnostic, a slow parse) or an internal error (VAE900). */
  kind: "crash" | "internal";
}

export interface FuzzReport {
  runs: number;
  /** Runs whose spec holds a generated deep or long expression (every fourth). */
  generated: number;
  failures: FuzzFailure[];
  bytes: number;
  seconds: number;
  slowestMs: number;
}

/** A problem with one parse's outcome, or undefined when it is sound. */
export function checkOutcome(
  text: string,
  diagnostics: Diagnostic[],
  hasResult: boolean,
): string | undefined {
  if (!hasResult && !diagnostics.some((d) => d.severity === "error")) return "no AST and no error";
  for (const d of diagnostics) {
    if (!/^VAE\d{3}$/.test(d.code)) return `bad code ${d.code}`;
    if (d.code === "VAE900") return `internal error: ${d.message}`;
    if (d.message === "" || /Expecting|-->|token of type|\[object/.test(d.message))
      return `raw message: ${d.message}`;
    for (const span of [d.span, ...d.labels.map((l) => l.span)]) {
      const { start, end } = span;
      if (
        ![start.offset, start.line, start.column, end.offset, end.line, end.column].every(
          Number.isInteger,
        )
      ) {
        return `non-integer span in ${d.code}`;
      }
      if (start.offset < 0 || end.offset > text.length || start.offset > end.offset)
        return `span out of range in ${d.code}`;
      if (start.line < 1 || start.column < 1) return `span before the file in ${d.code}`;
      const lineStart = lineStartOffset(text, start.line);
      if (lineStart === undefined || lineStart + start.column - 1 !== start.offset) {
        return `span line:column disagrees with its offset in ${d.code} (${start.line}:${start.column} @${start.offset})`;
      }
    }
  }
  return undefined;
}

function lineStartOffset(text: string, line: number): number | undefined {
  let current = 1;
  let offset = 0;
  while (current < line) {
    const next = text.slice(offset).search(/\r\n|\r|\n/);
    if (next < 0) return undefined;
    offset += next + (text.startsWith("\r\n", offset + next) ? 2 : 1);
    current++;
  }
  return offset;
}

/**
 * Parses `count` mutants of the corpus, seeded from `seed`; never throws on a parser crash.
 * Every fourth run first puts a generated deep or long expression into the spec (nesting near
 * the parser's limit, chains of up to 10,000 terms), and mutates that half the time.
 */
export function fuzz(
  corpus: Array<{ name: string; text: string }>,
  count: number,
  seed = 1,
  limitMs = 1000,
): FuzzReport {
  const failures: FuzzFailure[] = [];
  let bytes = 0;
  let slowestMs = 0;
  let generated = 0;
  // Warm the JIT first, so the time limit catches slow parses rather than cold code.
  for (const kind of ["sum", "signs", "mixed"] as const)
    parse({ path: "warm-up.vae", text: `param w = ${deepExpression(rng(seed), kind)}` });
  const started = performance.now();
  for (let run = 0; run < count; run++) {
    const runSeed = seed * 1_000_003 + run;
    const random = rng(runSeed);
    const source = corpus[run % corpus.length];
    const deep = run % 4 === 3;
    if (deep) generated++;
    const base = deep ? withDeepExpression(source.text, random) : source.text;
    const text = deep && random() < 0.5 ? base : mutate(base, random);
    bytes += text.length;
    const t0 = performance.now();
    let problem: string | undefined;
    try {
      const { result, diagnostics } = parse({ path: "fuzz.vae", text });
      problem = checkOutcome(text, diagnostics, result !== undefined);
    } catch (error) {
      problem = `threw: ${error instanceof Error ? error.message : String(error)}`;
    }
    const ms = performance.now() - t0;
    slowestMs = Math.max(slowestMs, ms);
    if (ms > limitMs) problem ??= `took ${ms.toFixed(0)} ms`;
    if (problem) {
      const kind = problem.startsWith("internal error") ? "internal" : "crash";
      failures.push({ seed: runSeed, source: source.name, text, problem, kind });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return { runs: count, generated, failures, bytes, seconds, slowestMs };
}
