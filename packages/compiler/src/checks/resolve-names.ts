import type { FactorDecl, Identifier, Span } from "@vaec/dsl";
import { START_SPAN } from "../diagnostics/report.js";
import { helpForUnknown } from "../util/suggest.js";
import type { CheckContext } from "./context.js";
import { variableNames } from "./context.js";
import { diag } from "../diagnostics/diag.js";

/**
 * Collects the declarations of the spec into the context and reports what is missing, declared
 * twice, or named but never declared: one model, at most one `data`, unique names across
 * data, latents and params, one `train` and one `attack` block, and factors that mention only
 * declared variables.
 */
export function resolveNames(ctx: CheckContext): void {
  const { reporter } = ctx;
  const declared = new Map<string, { span: Span; what: string }>();
  const declare = (id: Identifier, what: string): boolean => {
    const previous = declared.get(id.name);
    if (previous) {
      reporter.report(diag.nameDeclaredTwice(id.span, { name: id.name }), {
        label: `\`${id.name}\` declared again here as a ${what}`,
        labels: [{ span: previous.span, message: `first declared here as a ${previous.what}` }],
        help: "give each data variable, latent and param its own name",
      });
      return false;
    }
    declared.set(id.name, { span: id.span, what });
    return true;
  };

  for (const item of ctx.program.items) {
    switch (item.kind) {
      case "ModelDecl":
        if (ctx.model) {
          reporter.report(diag.secondModel(item.name.span), {
            label: `second model \`${item.name.name}\``,
            labels: [{ span: ctx.model.name.span, message: "first model declared here" }],
            help: "put each model in its own .vae file",
          });
        } else ctx.model = item;
        break;
      case "ParamDecl":
        if (declare(item.name, "param")) ctx.paramDecls.set(item.name.name, item);
        break;
      case "TrainBlock":
      case "AttackBlock": {
        const key = item.kind === "TrainBlock" ? "trainBlock" : "attackBlock";
        const word = item.kind === "TrainBlock" ? "train" : "attack";
        const first = ctx[key];
        if (first) {
          reporter.report(diag.blockTwice(blockHead(item.span, word), { word }), {
            label: "declared again here",
            labels: [{ span: blockHead(first.span, word), message: "first declared here" }],
            help: `merge the settings into one \`${word}\` block`,
          });
        } else if (item.kind === "TrainBlock") ctx.trainBlock = item;
        else ctx.attackBlock = item;
        break;
      }
      case "SweepDecl":
        ctx.sweepDecls.push(item);
        break;
    }
  }

  const model = ctx.model;
  if (!model) {
    reporter.report(diag.noModel(ctx.program.span.end.offset > 0 ? ctx.program.span : START_SPAN), {
      help: "declare one: `model Name { data x : binary[28, 28] ... }`",
    });
    return;
  }

  const factors: FactorDecl[] = [];
  for (const member of model.members) {
    switch (member.kind) {
      case "ParamDecl":
        if (declare(member.name, "param")) ctx.paramDecls.set(member.name.name, member);
        break;
      case "DataDecl":
        if (ctx.data) {
          reporter.report(diag.secondDataVariable(member.name.span), {
            label: `second data variable \`${member.name.name}\``,
            labels: [{ span: ctx.data.name.span, message: "first data variable declared here" }],
            help: "declare a single `data` variable; multi-modal data is not supported",
          });
          declare(member.name, "data variable");
        } else if (declare(member.name, "data variable")) ctx.data = member;
        break;
      case "LatentDecl":
        if (declare(member.name, "latent")) ctx.latentDecls.push(member);
        break;
      case "FactorDecl":
        factors.push(member);
        break;
      case "PenaltyDecl":
        ctx.penaltyDecls.push(member);
        break;
    }
  }

  if (!ctx.data) {
    reporter.report(diag.modelWithoutData(model.name.span, { model: model.name.name }), {
      label: "declares nothing observed",
      help: "declare what the model observes: `data x : binary[28, 28]`",
    });
  }
  if (ctx.latentDecls.length === 0) {
    reporter.report(diag.modelWithoutLatent(model.name.span, { model: model.name.name }), {
      label: "declares no `latent`",
      help: "declare at least one latent layer: `latent z : 10`",
    });
  }

  const variables = variableNames(ctx);
  for (const factor of factors) {
    if (factor.model.name !== "p" && factor.model.name !== "q") continue; // VAE017, from the parser
    let ok = true;
    for (const id of [factor.target, ...factor.given]) {
      if (variables.includes(id.name)) continue;
      ok = false;
      const isParam = ctx.paramDecls.has(id.name);
      reporter.report(
        isParam
          ? diag.paramInFactor(id.span, { name: id.name })
          : diag.undeclaredVariable(id.span, { name: id.name }),
        {
          label: isParam ? "a number, not a random variable" : "not declared as `data` or `latent`",
          help:
            helpForUnknownVariable(id.name, variables) ??
            `declare it first: \`latent ${id.name} : 8\``,
        },
      );
    }
    if (ok) ctx.factors.push(factor);
    else ctx.droppedFactors.add(`${factor.model.name}:${factor.target.name}`);
  }
}

function helpForUnknownVariable(name: string, variables: string[]): string | undefined {
  if (variables.length === 0) return undefined;
  const help = helpForUnknown(name, variables, "variables");
  return help.startsWith("did you mean") ? help : undefined;
}

/** The span of a block's keyword, so labels point at `train` rather than the whole block. */
function blockHead(span: Span, word: string): Span {
  return {
    start: span.start,
    end: {
      offset: span.start.offset + word.length,
      line: span.start.line,
      column: span.start.column + word.length,
    },
  };
}
