import type { AttackKind, Factor, ModelIR, Network } from "../ir.js";
import { minus, num, plus, sym, variable, type MathExpr } from "./math.js";

/** A piece of an objective with a short plain-language account of what it does. */
export interface Term {
  expr: MathExpr;
  account: string;
}

export interface Derivation {
  /** The whole equation, e.g. ℒ(x) = 𝔼[...] − KL(...). */
  equation: MathExpr;
  /** Its terms, each explained. */
  terms: Term[];
}

export interface ModelObjectives {
  /** p(x, z⃗) = p(x | ...) ... p(z^L), and each factor with its distribution. */
  generative: Derivation;
  /** q(z⃗ | x) = q(z^1 | x) ..., and each factor. */
  inference: Derivation;
  /** The training objective (maximised): ELBO terms per layer and the penalties. */
  training: Derivation;
  /** One per attack kind of the spec, in the order of `attack.kinds`. */
  attacks: Array<Derivation & { kind: AttackKind }>;
}

/**
 * Derives the symbolic objectives of a model from its IR, following DESIGN.md section 4 and the
 * seed post's notation. The runtime implements exactly these; `vaec explain` prints them.
 */
export function deriveObjectives(ir: ModelIR): ModelObjectives {
  return {
    generative: deriveFactorisation(ir, "p"),
    inference: deriveFactorisation(ir, "q"),
    training: deriveTraining(ir),
    attacks: ir.attack.kinds.map((kind) => ({ kind, ...deriveAttack(ir, kind) })),
  };
}

const x = (ir: ModelIR): MathExpr => variable(ir.data.name);
const latentsOf = (ir: ModelIR): MathExpr[] => ir.latents.map((l) => variable(l.name));
/** z⃗: the set of all latent layers, or the single latent when there is one. */
const allLatents = (ir: ModelIR): MathExpr =>
  ir.latents.length === 1 ? variable(ir.latents[0].name) : sym("z", { arrow: true, vector: true });
const factorExpr = (f: Factor): MathExpr => ({
  kind: "dist",
  model: f.model,
  target: [variable(f.target)],
  given: f.given.map(variable),
  learned: f.network !== null,
});

function deriveFactorisation(ir: ModelIR, model: "p" | "q"): Derivation {
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
      expr: { kind: "equals", left: factorExpr(f), right: distributionExpr(ir, f) },
      account: factorAccount(ir, f),
    })),
  };
}

function distributionExpr(ir: ModelIR, f: Factor): MathExpr {
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

/** β, or β with the layer's index when several penalties each have their own. */
function penaltySymbol(ir: ModelIR, name: "beta" | "lambda", latent: string): MathExpr {
  const kind = name === "beta" ? ["tc", "kl"] : ["free-bits"];
  const several = ir.penalties.filter((p) => kind.includes(p.kind)).length > 1;
  const index = latent.replace(/^[A-Za-z_]+/, "") || latent;
  // free bits are λ_fb (λ alone is the attacks' distortion weight)
  if (name === "lambda") return sym(name, { sub: several ? `fb${index}` : "fb" });
  return sym(name, several ? { sub: index } : {});
}

function deriveTraining(ir: ModelIR): Derivation {
  const likelihood = ir.generative.find((f) => f.role === "likelihood") as Factor;
  const q: MathExpr = {
    kind: "dist",
    model: "q",
    target: [allLatents(ir)],
    given: [x(ir)],
    learned: true,
  };
  const recon: MathExpr = {
    kind: "expect",
    under: q,
    body: { kind: "log", arg: factorExpr(likelihood) },
  };
  const terms: Term[] = [
    {
      expr: recon,
      account:
        `reconstruction: the expected log-likelihood of \`${ir.data.name}\` under latents sampled from q ` +
        `(${ir.train.samples === 1 ? "one reparameterised sample" : `${ir.train.samples} reparameterised samples, averaged`} per datapoint); it rewards latents that carry what is needed to rebuild the input`,
    },
  ];
  const sumTerms = plus(recon);
  for (const latent of ir.latents) {
    const pf = ir.generative.find((f) => f.target === latent.name) as Factor;
    const qf = ir.inference.find((f) => f.target === latent.name) as Factor;
    const kl: MathExpr = { kind: "kl", left: factorExpr(qf), right: factorExpr(pf) };
    const conditional = [...pf.given, ...qf.given].some((g) => g !== ir.data.name);
    let term: MathExpr = conditional ? { kind: "expect", under: q, body: kl } : kl;
    let account =
      `KL of layer \`${latent.name}\`: how far its posterior strays from its ${pf.role === "prior" ? "prior" : `conditional prior given ${pf.given.map((g) => `\`${g}\``).join(", ")}`}; ` +
      (conditional
        ? "computed in closed form between the two Gaussians at the sampled parents; "
        : "computed in closed form; ") +
      "it keeps the code close to what the generative model expects";
    const kp = ir.penalties.find((p) => p.kind === "kl" && p.latent === latent.name);
    const fb = ir.penalties.find((p) => p.kind === "free-bits" && p.latent === latent.name);
    if (fb && fb.kind === "free-bits") {
      term = { kind: "max", args: [penaltySymbol(ir, "lambda", latent.name), term] };
      account += `; free bits floor it at λ_fb = ${fb.lambda} nats (KL averaged over the batch), so the layer is not pushed below that towards its prior`;
    }
    if (kp && kp.kind === "kl") {
      term = { kind: "product", factors: [penaltySymbol(ir, "beta", latent.name), term] };
      account += `; scaled by β = ${kp.beta} (the beta-VAE penalty: ${kp.beta > 1 ? "a stronger pull to the prior, smoother but blurrier codes" : "a weaker pull to the prior"})`;
    }
    sumTerms.push(minus(term));
    terms.push({ expr: term, account });
  }
  for (const p of ir.penalties) {
    if (p.kind !== "tc") continue;
    const beta = penaltySymbol(ir, "beta", p.latent);
    const coefficient: MathExpr = {
      kind: "sum",
      terms: [
        { sign: 1, expr: beta },
        { sign: -1, expr: num(1) },
      ],
    };
    const term: MathExpr = {
      kind: "product",
      factors: [coefficient, { kind: "tc", of: variable(p.latent) }],
    };
    sumTerms.push(minus(term));
    terms.push({
      expr: term,
      account:
        `total correlation of \`${p.latent}\`: TC = KL(q(${p.latent}) ‖ ∏ₖ q(${p.latent}ₖ)), how far the aggregate posterior over the data set is from ` +
        `independent dimensions, estimated on each batch by minibatch ${p.estimator === "mss" ? "stratified" : "weighted"} sampling (${p.estimator.toUpperCase()}); ` +
        `subtracting (β − 1) TC with β = ${p.beta} ${p.beta > 1 ? "penalises" : p.beta < 1 ? "rewards" : "leaves alone"} dependence between its dimensions (the beta-TCVAE penalty${ir.latents.length > 1 ? ", here the Seatbelt-VAE's on the top layer" : ""})`,
    });
  }
  return {
    equation: {
      kind: "equals",
      left: { kind: "apply", name: sym("ELBO"), args: [x(ir)] },
      right: { kind: "sum", terms: sumTerms },
    },
    terms,
  };
}

function deriveAttack(ir: ModelIR, kind: AttackKind): Derivation {
  const d = variable("d");
  const attacked: MathExpr = { kind: "sum", terms: plus(x(ir), d) };
  const target: MathExpr = { kind: "symbol", name: ir.data.name, vector: true, sup: "t" };
  const distortion: MathExpr = {
    kind: "product",
    factors: [sym("lambda"), { kind: "norm", arg: d }],
  };
  const distortionTerm: Term = {
    expr: distortion,
    account: `the size of the perturbation d (Euclidean norm), weighted by λ; λ runs over {0} and ${ir.attack.lambdas.length - 1} values 2^c, and x + d stays inside the data range [${ir.data.range.join(", ")}]`,
  };
  const name = sym("Delta", { sub: kind === "kl" ? "KL" : kind === "w2" ? "W2" : "out" });
  const left: MathExpr = { kind: "apply", name, args: [d] };
  const pathNote =
    ir.attack.path === "mean"
      ? "parents evaluated at their posterior means (the mean path)"
      : "parents sampled with fixed common random numbers (the sample path)";
  if (kind === "kl" || kind === "w2") {
    const terms: Term[] = [distortionTerm];
    const sumTerms = plus(distortion);
    for (const name of ir.attack.layers) {
      const qf = ir.inference.find((f) => f.target === name) as Factor;
      const side = (input: MathExpr): MathExpr => ({
        kind: "dist",
        model: "q",
        target: [variable(name)],
        given: [input],
        learned: true,
      });
      const term: MathExpr = { kind, left: side(attacked), right: side(target) };
      const conditional = qf.given.some((g) => g !== ir.data.name);
      sumTerms.push({ sign: 1, expr: term });
      terms.push({
        expr: term,
        account:
          `${kind === "kl" ? "KL divergence" : "2-Wasserstein distance (closed form between diagonal Gaussians)"} between the posterior of \`${name}\` for the attacked input and for the target` +
          (conditional
            ? `; \`${name}\` is conditioned on ${qf.given
                .filter((g) => g !== ir.data.name)
                .map((g) => `\`${g}\``)
                .join(", ")}, so each side is evaluated along its own chain, ${pathNote}`
            : ""),
      });
    }
    return { equation: { kind: "equals", left, right: { kind: "sum", terms: sumTerms } }, terms };
  }
  const likelihood = ir.generative.find((f) => f.role === "likelihood") as Factor;
  const qAttacked: MathExpr = {
    kind: "dist",
    model: "q",
    target: [allLatents(ir)],
    given: [attacked],
    learned: true,
  };
  const recon: MathExpr = {
    kind: "expect",
    under: qAttacked,
    body: {
      kind: "log",
      arg: {
        kind: "dist",
        model: "p",
        target: [target],
        given: likelihood.given.map(variable),
        learned: true,
      },
    },
  };
  const prior: MathExpr = {
    kind: "dist",
    model: "p",
    target: [allLatents(ir)],
    given: [],
    learned: ir.latents.length > 1,
  };
  const kl: MathExpr = { kind: "kl", left: qAttacked, right: prior };
  const elbo: MathExpr = {
    kind: "sum",
    terms: [
      { sign: 1, expr: recon },
      { sign: -1, expr: kl },
    ],
  };
  return {
    equation: {
      kind: "equals",
      left,
      right: {
        kind: "sum",
        terms: [
          { sign: 1, expr: distortion },
          { sign: -1, expr: elbo },
        ],
      },
    },
    terms: [
      distortionTerm,
      {
        expr: recon,
        account: `how likely the target is under the decoder when the encoder is fed the attacked input (the adversary wants the reconstruction of x + d to be the target)`,
      },
      {
        expr: kl,
        account: `the KL of the attacked input's posterior from the prior${ir.latents.length > 1 ? " over all layers" : ""}; together with the term before it, the ELBO of the target with the encoder fed x + d (Kos et al., 2018)`,
      },
    ],
  };
}
