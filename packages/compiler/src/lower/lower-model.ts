import type { FactorDecl, SourceFile } from "@vaec/dsl";
import type { CheckContext } from "../checks/context.js";
import type { Factor, ModelIR } from "../ir.js";
import { IR_VERSION } from "../ir.js";
import { canonicalJson, sha256Hex } from "../util/sha256.js";
import { recogniseFamily } from "./recognise-family.js";

/**
 * Assembles the IR from a context every pass has resolved without errors. Nothing is checked
 * here: a missing piece means a check let an error through, which is a compiler bug.
 */
export function lowerModel(ctx: CheckContext, source: SourceFile): ModelIR {
  const model = ctx.model;
  const data = ctx.dataVar;
  const { pOrder, qOrder, train, attack } = ctx;
  if (!model || !data || !pOrder || !qOrder || !train || !attack) {
    throw new Error("lowering reached with an unresolved spec");
  }
  const lowerFactor = (decl: FactorDecl): Factor => {
    const distribution = ctx.distributions.get(decl);
    const network = ctx.networks.get(decl);
    if (!distribution || network === undefined)
      throw new Error(`factor ${decl.model.name}.${decl.target.name} unresolved`);
    const given = decl.given.map((g) => g.name);
    const model = decl.model.name as "p" | "q";
    const role: Factor["role"] =
      model === "q"
        ? "posterior"
        : decl.target.name === data.name
          ? "likelihood"
          : given.length
            ? "conditional-prior"
            : "prior";
    return {
      id: `${model}.${decl.target.name}`,
      model,
      target: decl.target.name,
      given,
      role,
      distribution,
      network,
      inputWidth: network?.inputWidth ?? 0,
      outputWidth: network?.outputWidth ?? 0,
      span: decl.span,
    };
  };
  const generative = pOrder.map((name) => lowerFactor(ctx.pFactors.get(name) as FactorDecl));
  const inference = qOrder.map((name) => lowerFactor(ctx.qFactors.get(name) as FactorDecl));
  const family = recogniseFamily({
    dataName: data.name,
    latents: ctx.latents,
    generative,
    inference,
    penalties: ctx.penalties,
  });
  const paramCount = [...generative, ...inference].reduce(
    (sum, f) =>
      sum +
      (f.network?.paramCount ?? 0) +
      (f.distribution.kind === "normal-likelihood" && f.distribution.scale.kind === "learned"
        ? data.size
        : 0),
    0,
  );
  const ir: ModelIR = {
    version: IR_VERSION,
    name: model.name.name,
    source: { file: source.path, sha256: sha256Hex(source.text) },
    family,
    data,
    latents: ctx.latents,
    params: Object.fromEntries(ctx.params),
    generative,
    inference,
    penalties: ctx.penalties,
    train,
    attack,
    sweeps: ctx.sweeps,
    paramCount,
    hash: "",
  };
  ir.hash = hashModel(ir);
  return ir;
}

/**
 * sha256 of the canonical JSON of what determines a trained model: everything but spans, the
 * source digest (comments do not change a model), the family (derived), attack and sweep
 * settings (they do not change training), and the hash itself.
 */
export function hashModel(ir: ModelIR): string {
  const {
    source: _source,
    family: _family,
    attack: _attack,
    sweeps: _sweeps,
    hash: _hash,
    ...rest
  } = ir;
  return sha256Hex(canonicalJson(rest, new Set(["span"])));
}
