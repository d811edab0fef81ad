import type { AttackKind, Factor, ModelIR } from "../ir.js";
import { allLatents, deriveFactorisation, factorExpr, x } from "./derive-factorisation.js";
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
 * Derives the symbolic objectives of a model from its IR, following docs/design.md section 4 and the
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
    if (fb && fb.kind === "free-bits" && fb.per === "unit") {
      // unit k of the layer: q(z_k | ...) and p(z_k | ...)
      const unit = (f: Factor): MathExpr => ({
        kind: "dist",
        model: f.model,
        target: [{ kind: "symbol", name: f.target, vector: true, sub: "k" }],
        given: f.given.map(variable),
        learned: f.network !== null,
      });
      const klUnit: MathExpr = { kind: "kl", left: unit(qf), right: unit(pf) };
      const floored: MathExpr = {
        kind: "max",
        args: [
          penaltySymbol(ir, "lambda", latent.name),
          conditional ? { kind: "expect", under: q, body: klUnit } : klUnit,
        ],
      };
      term = { kind: "sumover", index: "k", body: floored };
      account += `; free bits per unit floor each of its ${latent.dims} units' KL at λ_fb = ${fb.lambda} nats (each averaged over the batch) and sum them, so no unit is pushed below that towards its prior (Kingma et al. 2016)`;
    } else if (fb && fb.kind === "free-bits") {
      term = { kind: "max", args: [penaltySymbol(ir, "lambda", latent.name), term] };
      account += `; free bits floor it at λ_fb = ${fb.lambda} nats (KL averaged over the batch), so the layer is not pushed below that towards its prior; the floor is on the whole layer, so a few units can meet it while the rest collapse (\`per = unit\` floors each unit)`;
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
