import type { FactorDecl } from "@vaec/dsl";
import { listNames } from "../util/suggest.js";
import type { CheckContext } from "./context.js";
import { diag } from "../diagnostics/diag.js";

/**
 * Checks that the factors form one generative and one inference model over the declared
 * variables: one factor per variable and model, a prior and a posterior for every latent, a
 * likelihood for the data and no posterior for it, no generative factor conditioned on the data,
 * and every posterior factor amortised (it must see the data, directly or through its parents).
 * Warns when the likelihood skips a latent layer (the shortcut of the beta-TCDLGM).
 */
export function checkFactors(ctx: CheckContext): void {
  const { reporter } = ctx;
  const dataName = ctx.data?.name.name;

  for (const factor of ctx.factors) {
    const model = factor.model.name as "p" | "q";
    const table = model === "p" ? ctx.pFactors : ctx.qFactors;
    const target = factor.target.name;
    const first = table.get(target);
    if (first) {
      reporter.report(diag.twoFactors(factor.headSpan, { target, model }), {
        label: "second factor",
        labels: [{ span: first.headSpan, message: "first factor" }],
        help: `a variable has exactly one factor in ${model}; keep one and merge the conditioning sets`,
      });
      continue;
    }
    if (model === "q" && target === dataName) {
      reporter.report(diag.inferenceFactorForData(factor.headSpan, { target }), {
        label: "q infers latents, never the data",
        help: `the data is observed; describe how it is generated with \`p(${target} | ...)\``,
      });
      continue;
    }
    if (model === "p" && dataName !== undefined && target !== dataName) {
      const onData = factor.given.find((g) => g.name === dataName);
      if (onData) {
        reporter.report(diag.generativeFactorOnData(onData.span, { target }), {
          label: `\`${dataName}\` is generated last, from the latents`,
          help: `in p the data is a leaf: drop \`${dataName}\` here (it belongs in the q factors)`,
        });
        ctx.droppedFactors.add(`p:${target}`);
        continue;
      }
    }
    table.set(target, factor);
  }

  for (const latent of ctx.latentDecls) {
    const name = latent.name.name;
    if (!ctx.pFactors.has(name) && !ctx.droppedFactors.has(`p:${name}`)) {
      reporter.report(diag.latentWithoutGenerativeFactor(latent.name.span, { name }), {
        label: "no `p` factor",
        help: `give it a prior: \`p(${name}) = Normal(0, 1)\`, or condition it on a higher layer`,
      });
    }
    if (!ctx.qFactors.has(name) && !ctx.droppedFactors.has(`q:${name}`)) {
      reporter.report(diag.latentWithoutInferenceFactor(latent.name.span, { name }), {
        label: "no `q` factor",
        help: `say how it is inferred from the data: \`q(${name} | ${dataName ?? "x"}) = Normal(mlp[256])\``,
      });
    }
  }

  if (ctx.data && dataName !== undefined) {
    const likelihood = ctx.pFactors.get(dataName);
    if (!likelihood) {
      if (ctx.droppedFactors.has(`p:${dataName}`) || ctx.latentDecls.length === 0) return;
      reporter.report(diag.dataWithoutLikelihood(ctx.data.name.span, { data: dataName }), {
        label: "no `p` factor generates it",
        help: `add one: \`p(${dataName} | ${ctx.latentDecls.map((l) => l.name.name).join(", ") || "z"}) = Bernoulli(mlp[256])\``,
      });
    } else if (likelihood.given.length === 0) {
      reporter.report(diag.likelihoodWithoutLatent(likelihood.headSpan, { data: dataName }), {
        label: "the latents cannot influence the data",
        help: `condition it on the latents: \`p(${dataName} | ${ctx.latentDecls.map((l) => l.name.name).join(", ") || "z"})\``,
      });
    } else if (ctx.latentDecls.length > 1) {
      const seen = new Set(likelihood.given.map((g) => g.name));
      const missing = ctx.latentDecls.map((l) => l.name.name).filter((n) => !seen.has(n));
      if (missing.length > 0) {
        reporter.report(
          diag.likelihoodSkipsLayers(likelihood.headSpan, {
            layers: missing.length === 1 ? "layer" : "layers",
            names: listNames(missing),
          }),
          {
            label: `\`${dataName}\` sees only ${listNames(likelihood.given.map((g) => g.name))}`,
            notes: [
              "reconstructions then depend only on the layers the likelihood sees: a shortcut through them " +
                "lets the rest of the hierarchy switch off and copy its prior (the beta-TCDLGM failure)",
            ],
            help: `condition the likelihood on every layer: \`p(${dataName} | ${ctx.latentDecls.map((l) => l.name.name).join(", ")})\``,
          },
        );
      }
    }
  }

  if (dataName !== undefined) {
    for (const factor of ctx.qFactors.values()) {
      if (!reachesData(factor, ctx.qFactors, dataName)) {
        reporter.report(
          diag.posteriorIgnoresData(factor.headSpan, { target: factor.target.name }),
          {
            label: factor.given.length
              ? `none of ${listNames(factor.given.map((g) => g.name))} depends on \`${dataName}\``
              : `conditioned on nothing`,
            notes: [
              "an inference factor that ignores the data is not amortised: every input gets the same posterior",
            ],
            // The suggestion keeps the other parents but never the latent itself: `q(z | z)`
            // becomes `q(z | x)`, not the self-conditioning `q(z | z, x)`.
            help: `condition it on the data: \`q(${factor.target.name} | ${[
              ...factor.given.map((g) => g.name).filter((n) => n !== factor.target.name),
              dataName,
            ].join(", ")})\``,
          },
        );
      }
    }
  }
}

/** Whether the data is among the factor's ancestors in q (safe on cyclic graphs). */
function reachesData(
  factor: FactorDecl,
  qFactors: Map<string, FactorDecl>,
  dataName: string,
): boolean {
  const seen = new Set<string>();
  const stack = [...factor.given.map((g) => g.name)];
  while (stack.length) {
    const name = stack.pop() as string;
    if (name === dataName) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    const parent = qFactors.get(name);
    if (parent) stack.push(...parent.given.map((g) => g.name));
  }
  return false;
}
