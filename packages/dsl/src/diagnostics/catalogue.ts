import type { Span } from "../span.js";
import type { Severity } from "./diagnostic.js";
import { fillTemplate, type DiagnosticSpec, type TemplateArgs } from "./define.js";

/*
 * The diagnostics catalogue: every code vaec reports is written once, as an entry keyed by its
 * code (as TypeScript's diagnosticMessages.json and Svelte's messages/ folder do). An entry holds
 * what a person reads (title, explanation, a failing example, the fix) and the message templates
 * the code prints, each under the name of its constructor:
 *
 *   VAE104: {
 *     title: "unknown distribution", severity: "error",
 *     messages: { unknownDistribution: "unknown distribution `{name}`" },
 *     explanation: "...", example: { spec: "model Vae { ... }" }, fix: "...",
 *   }
 *
 * `messageSpecs(catalogue)` derives one typed `DiagnosticSpec` per message name, so a call site
 * reads `diag.unknownDistribution(span, { name })` and cannot forget a hole. Docs pages
 * docs/diagnostics/<code>.md and their index are generated from the entries (`docPage`), never
 * written by hand. This module is pure data and strings: browser-safe.
 */

/** How a code is shown failing on its page. */
export type CatalogueExample =
  /** A spec that produces the code; its page shows what `vaec check` prints for it. */
  | { spec: string; set?: Readonly<Record<string, string>> }
  /** Markdown shown as is: a session transcript, for codes no spec alone can produce. */
  | { shown: string };

export interface CatalogueEntry {
  title: string;
  severity: Severity;
  /** Message templates by constructor name: lowercase, no final period, `{holes}` typed. */
  messages: Readonly<Record<string, string>>;
  /** Markdown: what the diagnostic means and why the rule exists. */
  explanation: string;
  example: CatalogueExample;
  /** Markdown: what to change. */
  fix: string;
}

export type Catalogue = Readonly<Record<string, CatalogueEntry>>;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;

/** One `DiagnosticSpec` per message name of a catalogue, with its template's holes typed. */
export type MessageSpecs<C extends Catalogue> = UnionToIntersection<
  {
    [Code in keyof C]: {
      [Name in keyof C[Code]["messages"]]: DiagnosticSpec<C[Code]["messages"][Name]>;
    };
  }[keyof C]
>;

/**
 * Checks a catalogue (codes well formed and unique across every catalogue in the process,
 * message names unique) and returns it unchanged, its literal types kept for `messageSpecs`.
 */
export function defineCatalogue<const C extends Catalogue>(catalogue: C): C {
  messageSpecs(catalogue);
  return catalogue;
}

/** The entry of each code, across the process (a merged catalogue reuses the same entries). */
const ownerOf = new Map<string, CatalogueEntry>();
const specsOf = new WeakMap<Catalogue, Record<string, DiagnosticSpec>>();

/** The catalogue's messages as `DiagnosticSpec`s by name (for `diagnostic()` and `constructors`). */
export function messageSpecs<C extends Catalogue>(catalogue: C): MessageSpecs<C> {
  const cached = specsOf.get(catalogue);
  if (cached) return cached as MessageSpecs<C>;
  const specs: Record<string, DiagnosticSpec> = {};
  for (const [code, entry] of Object.entries(catalogue)) {
    if (!/^VAE\d{3}$/.test(code)) throw new Error(`malformed diagnostic code ${code}`);
    const owner = ownerOf.get(code);
    if (owner !== undefined && owner !== entry) {
      throw new Error(`diagnostic code ${code} is declared twice`);
    }
    ownerOf.set(code, entry);
    for (const [name, message] of Object.entries(entry.messages)) {
      if (name in specs) throw new Error(`diagnostic message name ${name} is declared twice`);
      specs[name] = { code, title: entry.title, severity: entry.severity, message };
    }
    if (Object.keys(entry.messages).length === 0) throw new Error(`${code} has no message`);
  }
  specsOf.set(catalogue, specs);
  return specs as MessageSpecs<C>;
}

/** What a constructor returns: a diagnostic's code, severity, message and place. */
export interface DiagnosticDraft {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
}

/** One function per message name: `(span, holes) => DiagnosticDraft`. */
export type Constructors<C extends Catalogue> = {
  [Name in keyof MessageSpecs<C>]: MessageSpecs<C>[Name] extends DiagnosticSpec<infer M>
    ? (span: Span, ...args: TemplateArgs<M>) => DiagnosticDraft
    : never;
};

/** The typed constructors of a catalogue's messages. */
export function constructors<C extends Catalogue>(catalogue: C): Constructors<C> {
  const out: Record<
    string,
    (span: Span, args?: Record<string, string | number>) => DiagnosticDraft
  > = {};
  for (const [name, spec] of Object.entries(
    messageSpecs(catalogue) as Record<string, DiagnosticSpec>,
  )) {
    out[name] = (span, args) => ({
      code: spec.code,
      severity: spec.severity,
      message: fillTemplate(spec.message, args),
      span,
    });
  }
  return out as Constructors<C>;
}
