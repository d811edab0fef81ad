import type { PenaltyDecl } from "@vaec/dsl";
import type { Penalty } from "../ir.js";
import { helpForUnknown } from "../util/suggest.js";
import { bindArguments } from "./bind-arguments.js";
import { reportChoice } from "./check-distributions.js";
import type { CheckContext } from "./context.js";
import { expectNumber, type Evaluator, type Value } from "./evaluate-expressions.js";
import { settingsToArguments } from "./settings-arguments.js";
import { diag } from "../diagnostics/diag.js";

export const PENALTY_KINDS = ["tc", "kl"] as const;
export const TC_ESTIMATORS = ["mws", "mss"] as const;
export const DEFAULT_TC_ESTIMATOR = "mws";
/** What free bits floor: the layer's KL (the default) or each unit's. */
export const FREE_BITS_PER = ["layer", "unit"] as const;

/**
 * Resolves `penalize` declarations into IR penalties: `tc(z) with beta, estimator` (the
 * objective subtracts (beta - 1) TC), `kl(z) with beta` (that layer's KL scaled by beta) and
 * `kl(z) with free_bits` (the layer's KL floored at lambda; `per = unit` floors each unit's KL
 * instead). Only latents can be penalised,
 * betas and free bits are non-negative, and each kind appears once per layer. Warns about TC
 * on a layer below the top of the hierarchy.
 */
export function checkPenalties(ctx: CheckContext): void {
  const ev: Evaluator = { reporter: ctx.reporter, params: ctx.params };
  const seen = new Map<string, PenaltyDecl>();
  for (const decl of ctx.penaltyDecls) {
    const kind = decl.penalty.name;
    if (kind !== "tc" && kind !== "kl") {
      ctx.reporter.report(diag.unknownPenalty(decl.penalty.span, { kind }), {
        label: "not a penalty vaec knows",
        help: helpForUnknown(kind, PENALTY_KINDS, "penalties"),
      });
      continue;
    }
    const target = decl.target.name;
    const latent = ctx.latentDecls.find((l) => l.name.name === target);
    if (!latent) {
      const isData = ctx.data?.name.name === target;
      ctx.reporter.report(diag.penaltyOnNonLatent(decl.target.span, { kind, target }), {
        label: isData
          ? "the observed data"
          : ctx.paramDecls.has(target)
            ? "a param"
            : "not a declared latent",
        help: ctx.latentDecls.length
          ? helpForUnknown(
              target,
              ctx.latentDecls.map((l) => l.name.name),
              "latents",
            )
          : "declare a latent first: `latent z : 10`",
      });
      continue;
    }
    const key = `${kind} ${target}`;
    const first = seen.get(key);
    if (first) {
      ctx.reporter.report(diag.penalisedTwice(decl.span, { target, kind }), {
        label: "second penalty",
        labels: [{ span: first.span, message: "first penalty" }],
        help: "merge them into one `penalize` line",
      });
      continue;
    }
    seen.set(key, decl);

    const named = kind === "tc" ? ["beta", "estimator"] : ["beta", "free_bits", "per"];
    const bound = bindArguments(
      settingsToArguments(decl.settings, ev),
      { what: `\`${kind}\``, positional: [], named },
      ev,
      decl.penalty.span,
    );
    const nonNegative = (name: string): number | undefined => {
      const arg = bound.get(name);
      if (!arg) return undefined;
      const v = expectNumber(arg.value, ev);
      if (v === undefined) return undefined;
      if (v < 0) {
        ctx.reporter.report(diag.negativeStrength(arg.value.span, { name, value: v }), {
          label: "negative",
          help:
            name === "beta"
              ? "beta = 1 leaves the ELBO as it is; larger values penalise more"
              : "free bits are a floor in nats: use a value >= 0",
        });
        return undefined;
      }
      return v;
    };
    if (!bound.has("beta") && !bound.has("free_bits")) {
      ctx.reporter.report(diag.penaltyWithoutStrength(decl.span, { kind }), {
        label: kind === "tc" ? "no `beta`" : "neither `beta` nor `free_bits`",
        help:
          kind === "tc"
            ? `add one: \`penalize tc(${target}) with beta = 2\``
            : `add one: \`penalize kl(${target}) with beta = 4\` or \`with free_bits = 0.5\``,
      });
      continue;
    }
    const beta = nonNegative("beta");
    if (kind === "tc") {
      const estimatorValue = bound.get("estimator")?.value;
      let estimator: "mws" | "mss" = DEFAULT_TC_ESTIMATOR;
      if (estimatorValue) {
        if (
          estimatorValue.kind === "word" &&
          (estimatorValue.name === "mws" || estimatorValue.name === "mss")
        ) {
          estimator = estimatorValue.name;
        } else {
          reportChoice(ctx, estimatorValue, TC_ESTIMATORS, "`mws` or `mss`");
          continue;
        }
      }
      if (beta === undefined) continue;
      ctx.penalties.push({ kind: "tc", latent: target, beta, estimator, span: decl.span });
      const latentParents =
        ctx.pFactors
          .get(target)
          ?.given.filter((g) => ctx.latentDecls.some((l) => l.name.name === g.name)) ?? [];
      if (latentParents.length > 0) {
        ctx.reporter.report(diag.tcBelowTop(decl.target.span, { target }), {
          label: `\`${target}\` is generated from ${latentParents.map((g) => `\`${g.name}\``).join(", ")}`,
          notes: [
            "the paper penalises only the top layer; models with TC below it often failed to converge",
          ],
          help: `penalise the top layer instead (the latent with the \`Normal(0, 1)\` prior)`,
        });
      }
    } else {
      const freeBits = nonNegative("free_bits");
      const per = freeBitsPer(ctx, bound.get("per")?.value, bound.has("free_bits"), target);
      if (bound.has("beta") && beta !== undefined)
        ctx.penalties.push({ kind: "kl", latent: target, beta, span: decl.span });
      if (bound.has("free_bits") && freeBits !== undefined && per !== undefined) {
        ctx.penalties.push({
          kind: "free-bits",
          latent: target,
          lambda: freeBits,
          // the layer floor leaves `per` out, so its runs keep the hash they had before `per`
          ...(per === "unit" ? { per } : {}),
          span: decl.span,
        });
      }
    }
  }
}

/**
 * Reads `per = layer | unit` of a free-bits penalty: "layer" when absent; undefined after a
 * diagnostic (an unknown choice, VAE111, or `per` without `free_bits`, VAE230).
 */
function freeBitsPer(
  ctx: CheckContext,
  value: Value | undefined,
  hasFreeBits: boolean,
  target: string,
): (typeof FREE_BITS_PER)[number] | undefined {
  if (!value) return "layer";
  if (value.kind !== "word" || (value.name !== "layer" && value.name !== "unit")) {
    reportChoice(ctx, value, FREE_BITS_PER, "`layer` or `unit`");
    return undefined;
  }
  if (!hasFreeBits) {
    ctx.reporter.report(diag.perWithoutFreeBits(value.span), {
      label: "says what free bits floor",
      help: `add the floor in nats: \`penalize kl(${target}) with free_bits = 0.5, per = ${value.name}\``,
    });
    return undefined;
  }
  return value.name;
}

/** The penalties of one kind as a lookup by latent. */
export function penaltiesOn(penalties: readonly Penalty[], latent: string): Penalty[] {
  return penalties.filter((p) => p.latent === latent);
}
