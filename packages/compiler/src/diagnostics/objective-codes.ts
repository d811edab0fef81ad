import { defineCatalogue } from "@vaec/dsl";
import { vae, TWO_LAYERS } from "./example-specs.js";

/** The catalogue of objectives, penalties and attacks (VAE4xx); the format is @vaec/dsl's `CatalogueEntry`. */
export const OBJECTIVE_CODES = defineCatalogue({
  VAE401: {
    title: "penalty on something that is not a latent",
    severity: "error",
    messages: {
      penaltyOnNonLatent: "`{kind}` penalises a latent layer, and `{target}` is not one",
    },
    explanation:
      "`tc` and `kl` penalties act on a latent layer's posterior; the data and params have none.",
    example: { spec: vae("  penalize tc(x) with beta = 2\n") },
    fix: "Penalise a latent: `penalize tc(z) with beta = 2`.",
  },
  VAE402: {
    title: "negative penalty strength",
    severity: "error",
    messages: {
      negativeStrength: "`{name}` must not be negative, found {value}",
    },
    explanation:
      "beta weights a penalty and free bits are a floor in nats: neither may be negative. beta = 1 leaves the ELBO unchanged; beta > 1 penalises; 0 <= beta < 1 relaxes.",
    example: { spec: vae("  penalize kl(z) with beta = -1\n") },
    fix: "Use a non-negative value: `with beta = 4`.",
  },
  VAE403: {
    title: "layer penalised twice the same way",
    severity: "error",
    messages: {
      penalisedTwice: "`{target}` has two `{kind}` penalties",
    },
    explanation:
      "A layer takes at most one `tc` and one `kl` penalty; two would make its weight ambiguous.",
    example: { spec: vae("  penalize tc(z) with beta = 2\n  penalize tc(z) with beta = 4\n") },
    fix: "Keep one `penalize tc(z)` line.",
  },
  VAE404: {
    title: "likelihood skips a latent layer (shortcut)",
    severity: "warning",
    messages: {
      likelihoodSkipsLayers: "the likelihood skips latent {layers} {names}",
    },
    explanation:
      "When the likelihood sees only some latent layers, reconstructions depend on them alone: a shortcut. The other layers can switch off (their posterior copies the prior and ignores the data), so the hierarchy collapses into a single-layer VAE. This is the beta-TCDLGM failure the Seatbelt-VAE paper describes; Seatbelt-VAEs condition the likelihood on every layer.",
    example: {
      spec: TWO_LAYERS(
        "  p(z2)         = Normal(0, 1)\n  p(z1 | z2)    = Normal(mlp[32])\n  p(x | z1)     = Bernoulli(mlp[64])\n  q(z1 | x)     = Normal(mlp[64])\n  q(z2 | z1, x) = Normal(mlp[32])",
      ),
    },
    fix: "Condition the likelihood on every layer: `p(x | z1, z2) = Bernoulli(mlp[64])`.",
  },
  VAE405: {
    title: "TC penalty below the top layer",
    severity: "warning",
    messages: {
      tcBelowTop: "TC penalty on `{target}`, which is below the top of the hierarchy",
    },
    explanation:
      "Seatbelt-VAEs penalise the total correlation of the top layer only (the one with the standard normal prior). The paper found models with TC penalties on lower layers often failed to converge.",
    example: {
      spec: TWO_LAYERS(
        "  p(z2)         = Normal(0, 1)\n  p(z1 | z2)    = Normal(mlp[32])\n  p(x | z1, z2) = Bernoulli(mlp[64])\n  q(z1 | x)     = Normal(mlp[64])\n  q(z2 | z1, x) = Normal(mlp[32])",
        "  penalize tc(z1) with beta = 2\n",
      ),
    },
    fix: "Penalise the top layer: `penalize tc(z2) with beta = 2`.",
  },
  VAE406: {
    title: "setting out of range",
    severity: "error",
    messages: {
      settingOutOfRange: "`{name}` is out of range: {found}",
      noAttackKinds: "`kinds` lists no attack",
    },
    explanation:
      "Counts (`batch`, `epochs`, `steps`, `pairs`, `samples`) are whole numbers of at least 1, seeds and warm-up at least 0, learning rates and `clip_norm` positive, momentum and Adam betas in [0, 1), lambda weights non-negative.",
    example: { spec: vae("", "train { data = mnist, batch = 0 }\n") },
    fix: "Use a value in range: `batch = 64`.",
  },
  VAE407: {
    title: "wrong kind of value",
    severity: "error",
    messages: {
      wrongKindOfValue: "expected {expected}, found {value}",
    },
    explanation:
      "The value has the wrong kind for its place: a string where a number is needed, a number where a list is, and so on.",
    example: { spec: vae("", 'train { data = mnist, batch = "64" }\n') },
    fix: "Write the value as the setting expects: `batch = 64`.",
  },
  VAE408: {
    title: "TC penalty with batches of one",
    severity: "error",
    messages: {
      tcWithBatchOfOne: "a TC penalty needs batches of at least 2",
    },
    explanation:
      "The TC estimators (minibatch weighted or stratified sampling) estimate the aggregate posterior from the other samples of a batch, so they need at least two per batch.",
    example: {
      spec: vae("  penalize tc(z) with beta = 2\n", "train { data = mnist, batch = 1 }\n"),
    },
    fix: "Use a larger batch: `batch = 64`.",
  },
  VAE409: {
    title: "penalty without a strength",
    severity: "error",
    messages: {
      penaltyWithoutStrength: "this `{kind}` penalty sets no strength",
    },
    explanation:
      "`penalize tc(z)` needs `with beta = b`; `penalize kl(z)` needs `beta`, `free_bits` or both.",
    example: { spec: vae("  penalize tc(z)\n") },
    fix: "Say how strong: `penalize tc(z) with beta = 2`.",
  },
  VAE410: {
    title: "no data source",
    severity: "error",
    messages: {
      noDataSource: "no data source to train on",
    },
    explanation:
      "Training needs data. `sprites` and `mnist` are picked automatically for 64x64 and 28x28 data; any other shape needs `train { data = npy(...) }`, `npz(...)` or `images(...)`.",
    example: {
      spec: `model Vae {\n  data   x : real[10] in [0, 1]\n  latent z : 2\n  p(z)     = Normal(0, 1)\n  p(x | z) = Bernoulli(mlp[16])\n  q(z | x) = Normal(mlp[16])\n}\n`,
    },
    fix: 'Name the source: `train { data = npy("vectors.npy") }`.',
  },
});
