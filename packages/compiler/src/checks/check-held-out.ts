import type { Span } from "@vaec/dsl";
import type { CheckContext } from "./context.js";
import { diag } from "../diagnostics/diag.js";

/** Attack pairs join two different held-out examples: a source and the target it is pushed to. */
export const MIN_ATTACK_HELD_OUT = 2;

/**
 * A spec with an `attack` block must hold out at least two examples (VAE218). Only a count the
 * spec sets is known here; the default (a share of the data) is resolved when the data is
 * loaded, and the attack reports VAE516 then if it leaves fewer than two.
 */
export function checkHeldOutForAttacks(ctx: CheckContext): void {
  const attack = ctx.attackBlock;
  const count = ctx.train?.heldOut;
  if (!attack || count === undefined || count === null || count >= MIN_ATTACK_HELD_OUT) return;
  const setting = [...ctx.setSettings.train, ...(ctx.trainBlock?.settings ?? [])].find(
    (s) => s.name.name === "held_out",
  );
  ctx.reporter.report(
    diag.tooFewHeldOut(setting?.span ?? attack.span, { min: MIN_ATTACK_HELD_OUT, count }),
    {
      label: `holds out ${count} example${count === 1 ? "" : "s"}`,
      labels: setting
        ? [{ span: keywordSpan(attack.span), message: "attacks pair held-out examples" }]
        : [],
      help: `hold out more examples, e.g. \`held_out = 100\`; each attack pair is a source and a different target`,
    },
  );
}

/** The `attack` keyword at the start of the block. */
function keywordSpan(block: Span): Span {
  const length = "attack".length;
  return {
    start: block.start,
    end: {
      ...block.start,
      offset: block.start.offset + length,
      column: block.start.column + length,
    },
  };
}
