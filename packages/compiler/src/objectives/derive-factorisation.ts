import type { Factor, ModelIR, Network } from "../ir.js";
import type { Derivation } from "./derive-objectives.js";
import { num, sym, variable, type MathExpr } from "./math.js";

/*
 * The factorisations of p and q, each factor's distribution as a formula, and a plain account of
 * its role and network; plus the symbols the other derivations share.
 */

export const x = (ir: ModelIR): MathExpr => variable(ir.data.name);
export const latentsOf = (ir: ModelIR): MathExpr[] => ir.latents.map((l) => variable(l.name));
/** z⃗: the set of all latent layers, or the single latent when there is one. */
export const allLatents = (ir: ModelIR): MathExpr =>
  ir.latents.length === 1 ? variable(ir.latents[0].name) : sym("z", { arrow: true, vector: true });
export const factorExpr = (f: Factor): MathExpr => ({
  kind: "dist",
  model: f.model,
  target: [variable(f.target)],
  given: f.given.map(variable),
  learned: f.network !== null,
});

export function deriveFactorisation(ir: ModelIR, model: "p" | "q"): Derivation {
  const factors = model === "p" ? [...ir.generative].reverse() : ir.inference;
  const joint: MathExpr =
    model === "p"
      ? { kind: "dist", model: "p", target: [x(ir), ...latentsOf(ir)], given: [], learned: true }
      : { kind: "dist", model: "q", target: latentsOf(ir), given: [x(ir)], learned: true };
  return {
    equation: {
      kind: "equals",
      left: joint,
      right: { kind: "product", factors: factors.map(factorExpr) },
    },
    terms: factors.map((f) => ({
      expr: { kind: "equals", left: factorExpr(f), right: distributionExpr(f) },
      account: factorAccount(ir, f),
    })),
  };
}

function distributionExpr(f: Factor): MathExpr {
  const given = f.given.map(variable);
  const net = (name: string, sup?: string): MathExpr => ({
    kind: "apply",
    name: sym(name, { sub: f.model === "p" ? "theta" : "phi", ...(sup ? { sup } : {}) }),
    args: given,
  });
  switch (f.distribution.kind) {
    case "normal-constant":
      return {
        kind: "named",
        name: "Normal",
        args: [num(f.distribution.mean), scaled(f.distribution.std)],
      };
    case "normal":
      return {
        kind: "named",
        name: "Normal",
        args: [net("mu"), { kind: "apply", name: sym("diag"), args: [net("sigma", "2")] }],
      };
    case "bernoulli":
      return { kind: "named", name: "Bernoulli", args: [net("pi")] };
    case "normal-likelihood":
      return {
        kind: "named",
        name: "Normal",
        args: [
          net("mu"),
          f.distribution.scale.kind === "fixed"
            ? scaled(f.distribution.scale.value)
            : { kind: "apply", name: sym("diag"), args: [sym("sigma", { sup: "2" })] },
        ],
      };
  }
}

/** s² I: the covariance of an isotropic Gaussian with standard deviation s. */
function scaled(std: number): MathExpr {
  return std === 1 ? sym("I") : { kind: "product", factors: [num(std * std), sym("I")] };
}

function describeNetwork(n: Network): string {
  const count = n.paramCount.toLocaleString("en-US");
  if (n.kind === "mlp") {
    return `an MLP ${[n.inputWidth, ...n.hidden, n.outputWidth].join(" → ")} (${n.activation}), ${count} parameters`;
  }
  const [c, h, w] = n.imageShape;
  return n.role === "encoder"
    ? `a conv encoder over the ${c}x${h}x${w} image (channels ${n.channels.join(", ")}, kernel ${n.kernel}, stride ${n.stride}) then dense layers to ${n.outputWidth} outputs, ${count} parameters`
    : `a conv decoder from ${n.inputWidth} inputs up to the ${c}x${h}x${w} image (channels ${n.channels.join(", ")}, kernel ${n.kernel}, stride ${n.stride}), ${count} parameters`;
}

function factorAccount(ir: ModelIR, f: Factor): string {
  const parents = f.given.map((g) => `\`${g}\``).join(", ");
  const dims = ir.latents.find((l) => l.name === f.target)?.dims;
  switch (f.role) {
    case "prior":
      return `the prior of the top layer \`${f.target}\`: a fixed ${dims}-dimensional standard normal, no parameters`;
    case "conditional-prior":
      return `\`${f.target}\` (${dims} dims) generated from ${parents}: a diagonal Gaussian whose mean and ${f.distribution.kind === "normal" && f.distribution.parameterisation === "softplus" ? "softplus scale" : "log-variance"} come from ${describeNetwork(f.network as Network)}`;
    case "likelihood": {
      const what =
        f.distribution.kind === "bernoulli"
          ? `a Bernoulli per pixel on logits from`
          : `a Gaussian per element (scale ${f.distribution.kind === "normal-likelihood" && f.distribution.scale.kind === "fixed" ? `fixed at ${f.distribution.scale.value}` : "learned per element"}) with mean from`;
      return `the likelihood: the ${ir.data.size}-element data \`${f.target}\` generated from ${parents} as ${what} ${describeNetwork(f.network as Network)}`;
    }
    case "posterior":
      return `the encoder for \`${f.target}\` (${dims} dims) given ${parents}: a diagonal Gaussian from ${describeNetwork(f.network as Network)}`;
  }
}
