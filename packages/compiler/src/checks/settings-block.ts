import type { Setting, Span } from "@vaec/dsl";
import { bindArguments } from "./bind-arguments.js";
import type { CheckContext } from "./context.js";
import type { Evaluator, Value } from "./evaluate-expressions.js";
import { readInteger } from "./read-values.js";
import { settingsToArguments } from "./settings-arguments.js";

/**
 * A `train { }` or `attack { }` block bound to its known setting names, with `--set` overrides
 * merged in. `ok` turns false as soon as any reader reports a problem, so the caller lowers the
 * block only when everything in it was valid.
 */
export interface BoundBlock {
  ev: Evaluator;
  get(name: string): Value | undefined;
  /** A whole number >= `min`, or `fallback` when the setting is absent (or invalid). */
  int(name: string, min: number, fallback: number): number;
  ok: boolean;
}

export function bindSettingsBlock(
  ctx: CheckContext,
  block: { settings: Setting[]; span: Span } | undefined,
  overrides: Setting[],
  what: string,
  named: readonly string[],
): BoundBlock {
  const ev: Evaluator = { reporter: ctx.reporter, params: ctx.params };
  const settings = mergeSettings(block?.settings ?? [], overrides);
  const bound = bindArguments(
    settingsToArguments(settings, ev),
    { what, positional: [], named },
    ev,
    block?.span ?? ctx.program.span,
  );
  const result: BoundBlock = {
    ev,
    get: (name) => bound.get(name)?.value,
    int: (name, min, fallback) => {
      const v = result.get(name);
      if (!v) return fallback;
      const n = readInteger(v, ev, name, min);
      if (n === undefined) result.ok = false;
      return n ?? fallback;
    },
    ok: true,
  };
  return result;
}

/** The block's settings with `--set` overrides replacing same-named ones. */
export function mergeSettings(
  settings: readonly Setting[],
  overrides: readonly Setting[],
): Setting[] {
  const names = new Set(overrides.map((s) => s.name.name));
  return [...settings.filter((s) => !names.has(s.name.name)), ...overrides];
}
