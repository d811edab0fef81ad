import { defineCatalogue } from "@vaec/dsl";
import { MODEL_HEAD, VAE_FACTORS, TWO_LAYERS } from "./example-specs.js";

/** The catalogue of distributions (VAE3xx); the format is @vaec/dsl's `CatalogueEntry`. */
export const DISTRIBUTION_CODES = defineCatalogue({
  VAE301: {
    title: "distribution does not fit the variable",
    severity: "error",
    messages: {
      bernoulliLatent: "latent `{target}` cannot be Bernoulli",
    },
    explanation:
      "Latents are continuous diagonal Gaussians (`Normal`); `Bernoulli` is only a likelihood for the data.",
    example: {
      spec: `${MODEL_HEAD}\n  p(z)     = Bernoulli(mlp[64])\n  p(x | z) = Bernoulli(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    },
    fix: "Use `p(z) = Normal(0, 1)`.",
  },
  VAE302: {
    title: "distribution without its parameters",
    severity: "error",
    messages: {
      normalWithoutParameters: "`Normal` needs a network or a constant mean and standard deviation",
      likelihoodWithoutNetwork: "the likelihood of `{target}` has no network",
      distributionWithoutNetwork: "`{distribution}` needs a network",
    },
    explanation:
      "`Normal` takes either a network (`Normal(mlp[...])`, whose outputs are the mean and the log-variance) or a constant mean and standard deviation (`Normal(0, 1)`, for a top-level prior). `Bernoulli` and every likelihood need a network.",
    example: {
      spec: `${MODEL_HEAD}\n  p(z)     = Normal(0)\n  p(x | z) = Bernoulli(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    },
    fix: "Give both constants, `Normal(0, 1)`, or a network.",
  },
  VAE303: {
    title: "constant distribution with parents",
    severity: "error",
    messages: {
      constantWithParents: "`{target}` is conditioned on {parents} but has constant parameters",
    },
    explanation:
      "A factor conditioned on parents must use them: a constant `Normal(0, 1)` would ignore its conditioning set, so the set (and the graph drawn from it) would lie.",
    example: {
      spec: TWO_LAYERS(
        "  p(z2)         = Normal(0, 1)\n  p(z1 | z2)    = Normal(0, 1)\n  p(x | z1, z2) = Bernoulli(mlp[64])\n  q(z1 | x)     = Normal(mlp[64])\n  q(z2 | z1, x) = Normal(mlp[32])",
      ),
    },
    fix: "Give it a network, `p(z1 | z2) = Normal(mlp[32])`, or drop the conditioning.",
  },
  VAE304: {
    title: "network with no input",
    severity: "error",
    messages: {
      networkWithNoInput: "`{target}` has a network but no parents to feed it",
    },
    explanation:
      "A factor with no parents has nothing to feed a network. A top-level prior is a constant: `Normal(0, 1)`.",
    example: {
      spec: `${MODEL_HEAD}\n  p(z)     = Normal(mlp[64])\n  p(x | z) = Bernoulli(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    },
    fix: "Use `p(z) = Normal(0, 1)`.",
  },
  VAE305: {
    title: "scale not positive",
    severity: "error",
    messages: {
      stdNotPositive: "the standard deviation must be positive, found {std}",
      scaleNotPositive: "the likelihood scale must be positive, found {value}",
    },
    explanation: "Standard deviations and likelihood scales must be positive numbers.",
    example: {
      spec: `${MODEL_HEAD}\n  p(z)     = Normal(0, 0)\n  p(x | z) = Bernoulli(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    },
    fix: "Use a positive scale: `Normal(0, 1)`.",
  },
  VAE306: {
    title: "Bernoulli likelihood on data outside [0, 1]",
    severity: "error",
    messages: {
      bernoulliOutsideUnitRange: "a Bernoulli likelihood needs data in [0, 1]",
    },
    explanation:
      "A Bernoulli likelihood (on logits) models values in [0, 1]: binary data, or real data scaled to [0, 1]. Data in another range needs a Normal likelihood.",
    example: {
      spec: `model Vae {\n  data   x : real[28, 28] in [-1, 1]\n  latent z : 8\n${VAE_FACTORS}\n}\n`,
    },
    fix: "Use `p(x | z) = Normal(mlp[64], scale = learned)`, or rescale the data to [0, 1].",
  },
});
