import type { Span } from "@vaec/dsl";
import { helpForUnknown } from "../util/suggest.js";
import type { Evaluator, ValueArgument } from "./evaluate-expressions.js";
import { diag } from "../diagnostics/diag.js";

export interface Signature {
  /** How the callee is named in messages, e.g. "`adam`". */
  what: string;
  /** Names the positional arguments bind to, in order. */
  positional: readonly string[];
  /** Every name the callee accepts (positional names included). */
  named: readonly string[];
}

/**
 * Binds positional and named arguments to parameter names, reporting unknown names (VAE106),
 * a name given twice (VAE115) and surplus positional arguments (VAE121).
 */
export function bindArguments(
  args: readonly ValueArgument[],
  signature: Signature,
  ev: Evaluator,
  calleeSpan: Span,
): Map<string, ValueArgument> {
  const bound = new Map<string, ValueArgument>();
  let position = 0;
  for (const arg of args) {
    let name: string;
    if (arg.name !== undefined) {
      name = arg.name;
      if (!signature.named.includes(name)) {
        ev.reporter.report(
          diag.unknownSetting(arg.nameSpan ?? arg.span, { what: signature.what, name }),
          {
            label: "unknown setting",
            help: signature.named.length
              ? helpForUnknown(name, signature.named, `settings of ${signature.what}`)
              : `${signature.what} takes no named settings`,
          },
        );
        continue;
      }
    } else {
      if (position >= signature.positional.length) {
        ev.reporter.report(diag.tooManyArguments(arg.span, { what: signature.what }), {
          label: "this argument has no place",
          labels: [
            {
              span: calleeSpan,
              message: `${signature.what} takes ${countWord(signature.positional.length)}`,
            },
          ],
          help: signature.positional.length
            ? `${signature.what} takes ${signature.positional.map((n) => `\`${n}\``).join(", ")} in that order`
            : `name the settings instead: ${signature.named.map((n) => `\`${n} = ...\``).join(", ")}`,
        });
        continue;
      }
      name = signature.positional[position++];
    }
    const previous = bound.get(name);
    if (previous) {
      ev.reporter.report(diag.settingGivenTwice(arg.span, { name }), {
        label: "given again here",
        labels: [{ span: previous.span, message: "first given here" }],
        help: "keep one of the two",
      });
      continue;
    }
    bound.set(name, arg);
  }
  return bound;
}

function countWord(n: number): string {
  return n === 0
    ? "no positional arguments"
    : n === 1
      ? "one positional argument"
      : `${n} positional arguments`;
}
