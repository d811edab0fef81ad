import type { FactorDecl } from "@vaec/dsl";
import type { FactorDistribution } from "../ir.js";
import { helpForUnknown } from "../util/suggest.js";
import { bindArguments } from "./bind-arguments.js";
import type { CheckContext } from "./context.js";
import {
  evaluateExpression,
  expectNumber,
  reportWrongKind,
  type Evaluator,
  type NetworkValue,
  type Value,
  type ValueArgument,
} from "./evaluate-expressions.js";
import { diag } from "../diagnostics/diag.js";

export const DISTRIBUTIONS = ["Normal", "Bernoulli"] as const;
export const LATENT_PARAMETERISATIONS = ["logvar", "softplus"] as const;
/** Initial value of a learned likelihood scale (the runtime learns its log, starting at 0). */
export const LEARNED_SCALE_INIT = 1;

/**
 * Resolves each factor's distribution: `Normal(mean, std)` with constants (a prior with no
 * network), `Normal(net)` for latents (mean and log-variance, or `scale = softplus`),
 * `Bernoulli(net)` for binary or [0, 1] data, and `Normal(net, scale = learned | s)` for real
 * data. The network argument itself is checked by check-shapes.
 */
export function checkDistributions(ctx: CheckContext): void {
  const ev: Evaluator = { reporter: ctx.reporter, params: ctx.params };
  for (const factor of [...ctx.pFactors.values(), ...ctx.qFactors.values()]) {
    const resolved = resolveDistribution(ctx, factor, ev);
    if (resolved) ctx.distributions.set(factor, resolved);
  }
}

function resolveDistribution(
  ctx: CheckContext,
  factor: FactorDecl,
  ev: Evaluator,
): FactorDistribution | undefined {
  const { reporter } = ctx;
  const dist = factor.distribution;
  const name = dist.name.name;
  const target = factor.target.name;
  const isData = ctx.data?.name.name === target;
  if (!(DISTRIBUTIONS as readonly string[]).includes(name)) {
    reporter.report(diag.unknownDistribution(dist.name.span, { name }), {
      label: "not a distribution vaec knows",
      help: helpForUnknown(name, DISTRIBUTIONS, "distributions"),
    });
    return undefined;
  }
  const args: ValueArgument[] = dist.args.map((arg) => {
    const out: ValueArgument = { value: evaluateExpression(arg.value, ev), span: arg.span };
    if (arg.name) {
      out.name = arg.name.name;
      out.nameSpan = arg.name.span;
    }
    return out;
  });
  const network = args.find((a) => a.name === undefined && a.value.kind === "network");
  const rest = args.filter((a) => a !== network);

  if (name === "Bernoulli") {
    if (!isData) {
      reporter.report(diag.bernoulliLatent(dist.name.span, { target }), {
        label: "latents are continuous",
        help: "use a diagonal Gaussian: `Normal(mlp[256])` (or `Normal(0, 1)` for a prior)",
      });
      return undefined;
    }
    bindArguments(rest, { what: "`Bernoulli`", positional: [], named: [] }, ev, dist.name.span);
    if (!requireNetwork(ctx, factor, network)) return undefined;
    const data = ctx.dataVar;
    if (data && data.kind === "real" && (data.range[0] < 0 || data.range[1] > 1)) {
      reporter.report(diag.bernoulliOutsideUnitRange(dist.name.span), {
        label: `\`${target}\` lies in [${data.range[0]}, ${data.range[1]}]`,
        labels: ctx.data ? [{ span: ctx.data.span, message: "declared here" }] : [],
        help: "use `Normal(net, scale = learned)` for real data, or rescale the data to [0, 1]",
      });
      return undefined;
    }
    ctx.networkValues.set(factor, (network as ValueArgument).value as NetworkValue);
    return { kind: "bernoulli" };
  }

  // Normal
  if (!network) {
    const bound = bindArguments(
      rest,
      { what: "`Normal`", positional: ["mean", "std"], named: ["mean", "std"] },
      ev,
      dist.name.span,
    );
    const mean = bound.get("mean");
    const std = bound.get("std");
    if (!mean || !std) {
      reporter.report(diag.normalWithoutParameters(dist.span), {
        label: mean ? "no standard deviation" : "no mean",
        help: isData
          ? "a likelihood needs a network: `Normal(mlp[256], scale = learned)`"
          : "write `Normal(0, 1)` for a fixed prior or `Normal(mlp[256])` for a learned factor",
      });
      return undefined;
    }
    const m = expectNumber(mean.value, ev);
    const s = expectNumber(std.value, ev);
    if (m === undefined || s === undefined) return undefined;
    if (!(s > 0)) {
      reporter.report(diag.stdNotPositive(std.value.span, { std: s }), {
        label: "not a positive number",
        help: "the standard normal prior is `Normal(0, 1)`",
      });
      return undefined;
    }
    if (isData) {
      reporter.report(diag.likelihoodWithoutNetwork(dist.span, { target }), {
        label: "a constant distribution cannot depend on the latents",
        help: "give it a network: `Normal(mlp[256], scale = learned)`",
      });
      return undefined;
    }
    if (factor.given.length > 0) {
      reporter.report(
        diag.constantWithParents(dist.span, {
          target,
          parents: factor.given.map((g) => `\`${g.name}\``).join(", "),
        }),
        {
          label: "constant: ignores the parents",
          labels: [{ span: factor.headSpan, message: "conditioned here" }],
          help: "give it a network, `Normal(mlp[256])`, or drop the conditioning",
        },
      );
      return undefined;
    }
    return { kind: "normal-constant", mean: m, std: s };
  }

  if (isData) {
    const bound = bindArguments(
      rest,
      { what: "a Normal likelihood", positional: [], named: ["scale"] },
      ev,
      dist.name.span,
    );
    ctx.networkValues.set(factor, network.value as NetworkValue);
    const scale = bound.get("scale")?.value;
    if (!scale)
      return { kind: "normal-likelihood", scale: { kind: "learned", init: LEARNED_SCALE_INIT } };
    if (scale.kind === "word" && scale.name === "learned") {
      return { kind: "normal-likelihood", scale: { kind: "learned", init: LEARNED_SCALE_INIT } };
    }
    if (scale.kind === "number") {
      if (!(scale.value > 0)) {
        reporter.report(diag.scaleNotPositive(scale.span, { value: scale.value }), {
          label: "not a positive number",
          help: "use a small positive scale such as `scale = 0.1`, or `scale = learned`",
        });
        return undefined;
      }
      return { kind: "normal-likelihood", scale: { kind: "fixed", value: scale.value } };
    }
    reportChoice(ctx, scale, ["learned"], "a positive number or `learned`");
    return undefined;
  }

  const bound = bindArguments(
    rest,
    { what: "a Normal factor", positional: [], named: ["scale"] },
    ev,
    dist.name.span,
  );
  if (factor.given.length === 0) {
    reporter.report(diag.networkWithNoInput(network.value.span, { target }), {
      label: "this network would have no input",
      labels: [{ span: factor.headSpan, message: "conditioned on nothing" }],
      help:
        factor.model.name === "p"
          ? "a top-level prior has no network: `Normal(0, 1)`"
          : "condition it on the data",
    });
    return undefined;
  }
  ctx.networkValues.set(factor, network.value as NetworkValue);
  const scale = bound.get("scale")?.value;
  if (!scale) return { kind: "normal", parameterisation: "logvar" };
  if (scale.kind === "word" && (scale.name === "logvar" || scale.name === "softplus")) {
    return { kind: "normal", parameterisation: scale.name };
  }
  reportChoice(ctx, scale, LATENT_PARAMETERISATIONS, "`logvar` or `softplus`");
  return undefined;
}

function requireNetwork(
  ctx: CheckContext,
  factor: FactorDecl,
  network: ValueArgument | undefined,
): boolean {
  if (network) return true;
  ctx.reporter.report(
    diag.distributionWithoutNetwork(factor.distribution.span, {
      distribution: factor.distribution.name.name,
    }),
    {
      label: "no network argument",
      help: `give it one: \`${factor.distribution.name.name}(mlp[256])\``,
    },
  );
  return false;
}

/** Reports a value that should have been one of a few words (VAE111), or the wrong kind (VAE407). */
export function reportChoice(
  ctx: CheckContext,
  value: Value,
  choices: readonly string[],
  expected: string,
): void {
  if (value.kind === "word") {
    ctx.reporter.report(diag.invalidChoice(value.span, { value: value.name }), {
      label: `expected ${expected}`,
      help: helpForUnknown(value.name, choices, "choices"),
    });
  } else reportWrongKind(value, expected, { reporter: ctx.reporter, params: ctx.params });
}
