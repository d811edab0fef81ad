import type { Span } from "../span.js";
import type { Diagnostic, Label, Severity } from "./diagnostic.js";

/*
 * Each message of the diagnostics catalogue (catalogue.ts) is a `DiagnosticSpec`: its code, the
 * code's title and severity, and a message template whose `{holes}` are typed, so a call site
 * cannot forget one. Call sites build diagnostics through `diagnostic()`:
 *
 *   diagnostic(SYNTAX.unclosedDelimiter, file, span, { close: "`)`", open: "`p(`", at: "4:3" })
 *     .withLabel(openSpan, "opened here")
 *     .withHelp("add `)`")
 *     .build()
 */

export interface DiagnosticSpec<M extends string = string> {
  code: string;
  title: string;
  severity: Severity;
  /** Lowercase, no final period, names in backticks; `{name}` holes are filled by `diagnostic()`. */
  message: M;
}

/** The names of the `{holes}` in a message template. */
export type TemplateHoles<M extends string> = M extends `${string}{${infer Hole}}${infer Rest}`
  ? Hole | TemplateHoles<Rest>
  : never;

export type TemplateArgs<M extends string> = string extends M
  ? [args?: Record<string, string | number>]
  : [TemplateHoles<M>] extends [never]
    ? [args?: Record<string, never>]
    : [args: Record<TemplateHoles<M>, string | number>];

export function fillTemplate(template: string, args: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in args ? String(args[name]) : whole,
  );
}

/** Fluent construction of one `Diagnostic`; `build()` returns plain data. */
export class DiagnosticBuilder {
  private readonly data: Diagnostic;

  constructor(code: string, severity: Severity, message: string, file: string, span: Span) {
    this.data = { code, severity, message, span, labels: [], notes: [], file };
  }

  /** The text printed under the primary span's carets. */
  withPrimaryLabel(message: string): this {
    this.data.primaryLabel = message;
    return this;
  }

  /** A secondary place (printed with `---`). */
  withLabel(span: Span, message: string): this {
    const label: Label = { span, message };
    this.data.labels.push(label);
    return this;
  }

  withNote(note: string): this {
    this.data.notes.push(note);
    return this;
  }

  /** The one line that suggests a fix. */
  withHelp(help: string | undefined): this {
    if (help !== undefined) this.data.help = help;
    return this;
  }

  withSeverity(severity: Severity): this {
    this.data.severity = severity;
    return this;
  }

  build(): Diagnostic {
    return { ...this.data, labels: [...this.data.labels], notes: [...this.data.notes] };
  }
}

/** Starts a diagnostic of a catalogued kind at `span`, its message filled from `args`. */
export function diagnostic<M extends string>(
  spec: DiagnosticSpec<M>,
  file: string,
  span: Span,
  ...[args]: TemplateArgs<M>
): DiagnosticBuilder {
  const message = fillTemplate(spec.message, (args ?? {}) as Record<string, string | number>);
  return new DiagnosticBuilder(spec.code, spec.severity, message, file, span);
}
