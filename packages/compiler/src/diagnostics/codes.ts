/*
 * Every semantic diagnostic (VAE1xx-VAE4xx), written once: severity, title, a long explanation,
 * a failing example and the fix. docs/diagnostics/<code>.md and the golden cases
 * tests/golden/err/sem-<code>.vae are generated from here (scripts/write-diagnostic-docs.ts), and
 * a test checks that each example really produces its code.
 */

export interface CodeInfo {
  severity: "error" | "warning";
  title: string;
  explanation: string;
  /** A complete spec that triggers the diagnostic. */
  example: string;
  /** How to fix it, in prose, with the corrected line(s). */
  fix: string;
}

/** A valid one-layer VAE on 28x28 data, spliced into the examples. */
const MODEL_HEAD = `model Vae {
  data   x : binary[28, 28]
  latent z : 8`;
const VAE_FACTORS = `  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[64])
  q(z | x) = Normal(mlp[64])`;
const vae = (extra = "", after = ""): string =>
  `${MODEL_HEAD}\n${VAE_FACTORS}\n${extra}}\n${after}`;
const TWO_LAYERS = (factors: string, extra = ""): string => `model Deep {
  data   x  : binary[28, 28]
  latent z1 : 8
  latent z2 : 4
${factors}
${extra}}
`;

export const CODES = {
  // ------------------------------------------------------------------ VAE1xx names
  VAE101: {
    severity: "error",
    title: "name declared twice",
    explanation:
      "Data variables, latents and params share one namespace, so each name may be declared once. A second declaration would make every later use ambiguous.",
    example: `${MODEL_HEAD}\n  latent z : 4\n${VAE_FACTORS}\n}\n`,
    fix: "Rename or remove one of the two declarations, for example `latent z2 : 4`.",
  },
  VAE102: {
    severity: "error",
    title: "factor mentions an undeclared variable",
    explanation:
      "A factor `p(v | parents)` or `q(v | parents)` may only mention variables declared with `data` or `latent` in the same model. A typo in a conditioning set is the usual cause; the help suggests the closest declared name.",
    example: `${MODEL_HEAD}\n  p(z)      = Normal(0, 1)\n  p(x | zz) = Bernoulli(mlp[64])\n  q(z | x)  = Normal(mlp[64])\n}\n`,
    fix: "Use a declared variable (`p(x | z)`) or declare the missing one (`latent zz : 4`).",
  },
  VAE103: {
    severity: "error",
    title: "unknown parameter",
    explanation:
      "A bare name where a number is expected must be a `param` declared at the top level or in the model. Params can be used in any numeric position: sizes, betas, learning rates.",
    example: `param beta = 4\n${vae("  penalize kl(z) with beta = betta\n")}`,
    fix: "Use the param's name (`with beta = beta`) or declare it: `param betta = 4`.",
  },
  VAE104: {
    severity: "error",
    title: "unknown distribution",
    explanation:
      "vaec knows two distributions: `Normal` (diagonal Gaussian; priors, posteriors and real-valued likelihoods) and `Bernoulli` (a likelihood on logits for binary or [0, 1] data). Names are case-sensitive.",
    example: `${MODEL_HEAD}\n  p(z)     = Normal(0, 1)\n  p(x | z) = Bernouli(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    fix: "Spell the distribution as vaec knows it: `Bernoulli(mlp[64])`.",
  },
  VAE105: {
    severity: "error",
    title: "unknown network",
    explanation:
      "A network is written `name[args]`. vaec knows `mlp[h1, h2, ...]` (fully connected) and `conv[c1, c2, ..., kernel = 4, stride = 2]` (convolutional, for factors that read or generate image data).",
    example: `${MODEL_HEAD}\n  p(z)     = Normal(0, 1)\n  p(x | z) = Bernoulli(mpl[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    fix: "Use `mlp[64]` or `conv[...]`.",
  },
  VAE106: {
    severity: "error",
    title: "unknown setting",
    explanation:
      "Blocks (`train`, `attack`), penalties (`with ...`), networks, distributions and calls such as `adam(...)` accept a fixed set of named settings. A name outside that set is most likely a typo; the help lists the closest one.",
    example: vae("", "train { data = mnist, bach = 64 }\n"),
    fix: "Use the setting's name: `train { data = mnist, batch = 64 }`.",
  },
  VAE107: {
    severity: "error",
    title: "unknown activation",
    explanation:
      "Networks take `activation = name` with one of `relu` (the default), `elu`, `tanh`, `softplus`, `leaky_relu`, `sigmoid` and `swish`. The activation is applied between layers, never after the last.",
    example: `${MODEL_HEAD}\n  p(z)     = Normal(0, 1)\n  p(x | z) = Bernoulli(mlp[64, activation = rleu])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    fix: "Use a known activation: `mlp[64, activation = relu]`.",
  },
  VAE108: {
    severity: "error",
    title: "unknown data source",
    explanation:
      '`train { data = ... }` takes `sprites` (procedural dSprites), `mnist`, `npy("file.npy")`, `npz("file.npz", "key")` or `images("dir", size)`. Nothing is downloaded: other data sets come in through the last three.',
    example: vae("", "train { data = minst }\n"),
    fix: "Name a known source: `train { data = mnist }`.",
  },
  VAE109: {
    severity: "error",
    title: "unknown data type",
    explanation:
      "A data variable is `binary[...]` (values 0 and 1, usually with a Bernoulli likelihood) or `real[...] in [lo, hi]` (real values in a box, with a Normal or, in [0, 1], a Bernoulli likelihood).",
    example: `model Vae {\n  data   x : binray[28, 28]\n  latent z : 8\n${VAE_FACTORS}\n}\n`,
    fix: "Write `data x : binary[28, 28]` or `data x : real[28, 28] in [0, 1]`.",
  },
  VAE110: {
    severity: "error",
    title: "unknown penalty",
    explanation:
      "`penalize tc(z) with beta = b` penalises the total correlation of layer `z` (the beta-TCVAE objective subtracts (beta - 1) TC); `penalize kl(z) with beta = b` scales that layer's KL (beta-VAE), and `with free_bits = l` floors it.",
    example: vae("  penalize tcc(z) with beta = 2\n"),
    fix: "Use `tc` or `kl`: `penalize tc(z) with beta = 2`.",
  },
  VAE111: {
    severity: "error",
    title: "not a valid choice",
    explanation:
      "Some settings take one of a few words: the TC `estimator` (`mws`, `mss`), the attack `kinds` (`kl`, `w2`, `output`), the optimizers (`adam`, `sgd` for training; `lbfgsb`, `adam` for attacks), the attack `path` (`mean`, `sample`) and a likelihood `scale` (`learned`).",
    example: vae("  penalize tc(z) with beta = 2, estimator = msss\n"),
    fix: "Pick one of the listed choices: `estimator = mss`.",
  },
  VAE112: {
    severity: "error",
    title: "no model",
    explanation:
      "A spec describes one model in a `model Name { ... }` block; settings alone cannot be compiled.",
    example: "param beta = 2\ntrain { data = mnist }\n",
    fix: "Add the model: `model Vae { data x : binary[28, 28] ... }`.",
  },
  VAE113: {
    severity: "error",
    title: "more than one model",
    explanation:
      "Each .vae file holds exactly one model, so that the `train`, `attack` and `sweep` settings of the file apply to it unambiguously.",
    example: `${vae()}model Other {\n  data x : binary[28, 28]\n}\n`,
    fix: "Move the second model to a file of its own.",
  },
  VAE114: {
    severity: "error",
    title: "bad `--set` override",
    explanation:
      "`--set name=value` overrides a `param` (the value must be a number), and `--set train.setting=value` or `--set attack.setting=value` overrides a setting. The name must exist in the spec.",
    example: vae("", "param beta = 1\n"),
    fix: "Override a declared param: `--set beta=4`. (The golden case runs this spec with `--set betta=4`.)",
  },
  VAE115: {
    severity: "error",
    title: "setting given twice",
    explanation:
      "Each setting may appear once in a block, a penalty or a call; with two, it is unclear which one counts.",
    example: vae("", "train { data = mnist, batch = 64, batch = 128 }\n"),
    fix: "Keep one of the two: `train { data = mnist, batch = 64 }`.",
  },
  VAE116: {
    severity: "error",
    title: "block declared twice",
    explanation: "A spec has at most one `train` block and one `attack` block.",
    example: vae("", "train { data = mnist }\ntrain { batch = 64 }\n"),
    fix: "Merge the settings into one block: `train { data = mnist, batch = 64 }`.",
  },
  VAE117: {
    severity: "error",
    title: "sweep over something that is not a param",
    explanation:
      "`sweep name in [...]` trains one model per value of a `param`; the param must be declared, and is then used where it matters (`with beta = beta`).",
    example: `param beta = 2\n${vae("  penalize tc(z) with beta = beta\n", "sweep bta in [1, 2, 4]\n")}`,
    fix: "Sweep a declared param: `sweep beta in [1, 2, 4]`.",
  },
  VAE118: {
    severity: "error",
    title: "param defined in terms of itself",
    explanation:
      "Params may use one another, in any order, but not in a circle: then no value can be computed.",
    example: `param a = b + 1\nparam b = 2 * a\n${vae()}`,
    fix: "Give one of the params a value that does not depend on the other: `param b = 2`.",
  },
  VAE119: {
    severity: "error",
    title: "expression is not a finite number",
    explanation:
      "Arithmetic in a spec must give a finite number; a division by zero or an overflowing power does not.",
    example: `param beta = 1 / 0\n${vae("  penalize kl(z) with beta = beta\n")}`,
    fix: "Fix the arithmetic: `param beta = 4`.",
  },
  VAE121: {
    severity: "error",
    title: "arguments do not fit",
    explanation:
      "A call received more positional arguments than it takes, or lacks one it needs. `Normal(mean, std)`, `adam(lr)`, `grid(lo, hi, count)`, `npy(path)`, `npz(path, key)` and `images(dir, size)` take their arguments in that order; others only by name.",
    example: vae("", "attack { lambda = grid(-20, 20) }\n"),
    fix: "Give every argument: `lambda = grid(-20, 20, 50)`.",
  },
  VAE122: {
    severity: "error",
    title: "sweep over something that names no setting",
    explanation:
      "A grid axis is a `param` (`beta in [1, 2]`) or a `train` setting written with its block (`train.steps in [200, 400]`, `train.data in [sprites, mnist]`); the bare `seed` is short for `train.seed`. Any other dotted name is a typo or a block that has no settings to sweep.",
    example: `param beta = 2\n${vae("  penalize tc(z) with beta = beta\n", "sweep beta in [1, 2], train.stpes in [100, 200]\n")}`,
    fix: "Name a train setting: `sweep beta in [1, 2], train.steps in [100, 200]`.",
  },
  VAE123: {
    severity: "error",
    title: "sweep over an attack setting",
    explanation:
      "Every point of a grid is attacked with the same settings, so that its Deltas compare; a point's attack results live in its run, which one set of attack settings fills. Sweeping `attack.*` would make points attacked differently overwrite each other.",
    example: `param beta = 2\n${vae("  penalize tc(z) with beta = beta\n", "sweep beta in [1, 2], attack.pairs in [5, 10]\n")}`,
    fix: "Set the attack for all points (`attack { pairs = 10 }`, or `vaec sweep --pairs 10`) and sweep only params and train settings.",
  },
  VAE124: {
    severity: "error",
    title: "grid axis swept twice",
    explanation:
      "A grid is the Cartesian product of its axes, each a different param or setting; two axes (in one `sweep` line or in two) over the same name leave it unclear which values count. `seed` and `train.seed` are the same axis.",
    example: `param beta = 2\n${vae("  penalize tc(z) with beta = beta\n", "sweep beta in [1, 2]\nsweep beta in [4, 8]\n")}`,
    fix: "List every value in one axis: `sweep beta in [1, 2, 4, 8]`.",
  },
  VAE125: {
    severity: "warning",
    title: "sweep value listed twice",
    explanation:
      "A grid has each point once: a repeated value adds no point (train several seeds with `train.seed in [1, 2, 3]` instead).",
    example: `param beta = 2\n${vae("  penalize tc(z) with beta = beta\n", "sweep beta in [1, 2, 2]\n")}`,
    fix: "Remove the repeat: `sweep beta in [1, 2]`.",
  },
  VAE126: {
    severity: "error",
    title: "grid too large",
    explanation:
      "A spec's grid is capped at 1,000 points (the product of its axes' lengths, here 11 x 10 x 10): each point trains and attacks a model, so a long list typed by mistake, or one axis too many, could otherwise start weeks of work.",
    example: `param beta = 2\n${vae("  penalize tc(z) with beta = beta\n", "sweep beta in [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],\n  train.seed in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],\n  train.steps in [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]\n")}`,
    fix: "Sweep fewer values or fewer axes (`sweep beta in [1, 2, 4, 8], train.seed in [1, 2, 3]`), or run the study as several grids.",
  },

  // ------------------------------------------------------------------ VAE2xx graph and shapes
  VAE201: {
    severity: "error",
    title: "latent without a generative factor",
    explanation:
      "Every latent needs a factor in p: a prior `p(z) = Normal(0, 1)` for a top layer, or a conditional prior `p(z1 | z2) = Normal(mlp[...])` for a layer below. Without it the generative model is incomplete and its KL term undefined.",
    example: TWO_LAYERS(
      "  p(z2)         = Normal(0, 1)\n  p(x | z1, z2) = Bernoulli(mlp[64])\n  q(z1 | x)     = Normal(mlp[64])\n  q(z2 | z1, x) = Normal(mlp[32])",
    ),
    fix: "Add the missing prior: `p(z1 | z2) = Normal(mlp[32])`.",
  },
  VAE202: {
    severity: "error",
    title: "latent without an inference factor",
    explanation:
      "Every latent needs a factor in q, saying how it is inferred from the data (directly or through other latents). Without it the ELBO cannot be estimated.",
    example: TWO_LAYERS(
      "  p(z2)         = Normal(0, 1)\n  p(z1 | z2)    = Normal(mlp[32])\n  p(x | z1, z2) = Bernoulli(mlp[64])\n  q(z1 | x)     = Normal(mlp[64])",
    ),
    fix: "Add the missing posterior: `q(z2 | z1, x) = Normal(mlp[32])`.",
  },
  VAE203: {
    severity: "error",
    title: "model without data",
    explanation:
      "A model must declare the variable it observes with `data`; everything else is latent.",
    example: "model Vae {\n  latent z : 8\n  p(z) = Normal(0, 1)\n}\n",
    fix: "Declare the data: `data x : binary[28, 28]`, and give it a likelihood.",
  },
  VAE204: {
    severity: "error",
    title: "cycle in the generative or inference model",
    explanation:
      "The factors of p, and separately those of q, must form a directed acyclic graph: ancestral sampling visits parents before children, which is impossible when a variable depends on itself, directly or through others. The diagnostic walks round the cycle factor by factor.",
    example: TWO_LAYERS(
      "  p(z1 | z2)    = Normal(mlp[32])\n  p(z2 | z1)    = Normal(mlp[32])\n  p(x | z1, z2) = Bernoulli(mlp[64])\n  q(z1 | x)     = Normal(mlp[64])\n  q(z2 | z1, x) = Normal(mlp[32])",
    ),
    fix: "Drop one of the conditionings so the graph has a top: `p(z2) = Normal(0, 1)`.",
  },
  VAE205: {
    severity: "error",
    title: "two factors for one variable",
    explanation:
      "In each of p and q a variable has exactly one factor, whose conditioning set lists all of its parents. Two factors for the same variable would define two distributions for it.",
    example: `${MODEL_HEAD}\n${VAE_FACTORS}\n  q(z | x) = Normal(mlp[32])\n}\n`,
    fix: "Keep one factor per variable and model.",
  },
  VAE206: {
    severity: "error",
    title: "posterior that never sees the data",
    explanation:
      "An inference factor must depend on the data, directly or through latents that do. Otherwise q is not amortised: it gives every datapoint the same posterior, and the ELBO cannot fit.",
    example: TWO_LAYERS(
      "  p(z2)         = Normal(0, 1)\n  p(z1 | z2)    = Normal(mlp[32])\n  p(x | z1, z2) = Bernoulli(mlp[64])\n  q(z1 | x)     = Normal(mlp[64])\n  q(z2)         = Normal(0, 1)",
    ),
    fix: "Condition it on the data: `q(z2 | z1, x) = Normal(mlp[32])`.",
  },
  VAE207: {
    severity: "error",
    title: "inference factor for the data",
    explanation:
      "q is the approximate posterior over the latents given the data; the data itself is observed and has no q factor.",
    example: `${MODEL_HEAD}\n${VAE_FACTORS}\n  q(x | z) = Bernoulli(mlp[64])\n}\n`,
    fix: "Remove the factor; the data is generated by `p(x | ...)`.",
  },
  VAE208: {
    severity: "error",
    title: "generative factor conditioned on the data",
    explanation:
      "In p the data is generated last, from the latents; no latent's generative factor can depend on it.",
    example: `${MODEL_HEAD}\n  p(z | x) = Normal(mlp[64])\n  p(x | z) = Bernoulli(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    fix: "Give the latent a prior, `p(z) = Normal(0, 1)`; conditioning on `x` belongs in q.",
  },
  VAE209: {
    severity: "error",
    title: "size out of range",
    explanation:
      "Latent sizes, data dimensions, layer widths, channel counts, kernel sizes and strides count things, so they must be whole numbers of at least 1; data has one to three dimensions.",
    example: `model Vae {\n  data   x : binary[28, 28]\n  latent z : 0\n${VAE_FACTORS}\n}\n`,
    fix: "Use a positive whole number: `latent z : 8`.",
  },
  VAE210: {
    severity: "error",
    title: "convolutions do not fit the image",
    explanation:
      'Each `conv` layer divides height and width by the stride ("same" padding), and the decoder mirrors the encoder, so both must divide evenly through every layer: height and width must be divisible by stride^layers.',
    example: `model Vae {\n  data   x : binary[28, 28]\n  latent z : 8\n  p(z)     = Normal(0, 1)\n  p(x | z) = Bernoulli(mlp[64])\n  q(z | x) = Normal(conv[16, 16, 32])\n}\n`,
    fix: "Use fewer layers (28 = 2 x 2 x 7 allows two): `conv[16, 32]`.",
  },
  VAE211: {
    severity: "error",
    title: "convolutional network without an image",
    explanation:
      "`conv` networks read the image (an encoder: a q factor conditioned on the data) or generate it (a decoder: the likelihood), and the data must have height and width. Between latent layers use `mlp`.",
    example: TWO_LAYERS(
      "  p(z2)         = Normal(0, 1)\n  p(z1 | z2)    = Normal(conv[32])\n  p(x | z1, z2) = Bernoulli(mlp[64])\n  q(z1 | x)     = Normal(mlp[64])\n  q(z2 | z1, x) = Normal(mlp[32])",
    ),
    fix: "Use an MLP between latents: `p(z1 | z2) = Normal(mlp[32])`.",
  },
  VAE212: {
    severity: "error",
    title: "data source does not fit the data declaration",
    explanation:
      "`sprites` draws square images of any side from 8 pixels (64x64 is dSprites' own size; `binary[32, 32]` draws the same sprites coarser), `mnist` yields 28x28 images, and `images(dir, size)` resizes to the given size. The data declaration must fit the source.",
    example: vae("", 'train { data = images("faces", [64, 64]) }\n'),
    fix: 'Declare the source\'s shape (`data x : binary[64, 64]`), give the declared size (`images("faces", [28, 28])`) or use another source (`data = mnist`).',
  },
  VAE213: {
    severity: "error",
    title: "more than one data variable",
    explanation:
      "A model observes one data variable; the likelihood and the attacks are defined on it.",
    example: `${MODEL_HEAD}\n  data   y : binary[28, 28]\n${VAE_FACTORS}\n}\n`,
    fix: "Remove the second `data` declaration.",
  },
  VAE214: {
    severity: "error",
    title: "model without latents",
    explanation: "A VAE needs at least one latent layer.",
    example: "model Vae {\n  data x : binary[28, 28]\n}\n",
    fix: "Declare a latent and its factors: `latent z : 8`, `p(z) = Normal(0, 1)`, `p(x | z) = ...`, `q(z | x) = ...`.",
  },
  VAE215: {
    severity: "error",
    title: "data without a likelihood",
    explanation:
      "The data needs a generative factor `p(x | latents)`: the likelihood that the ELBO's reconstruction term evaluates.",
    example: `${MODEL_HEAD}\n  p(z)     = Normal(0, 1)\n  q(z | x) = Normal(mlp[64])\n}\n`,
    fix: "Add the likelihood: `p(x | z) = Bernoulli(mlp[64])`.",
  },
  VAE216: {
    severity: "error",
    title: "invalid data range",
    explanation:
      "`in [lo, hi]` gives the box the data lies in (used to validate data and to constrain attacks); lo must be below hi, and binary data lies in [0, 1].",
    example: `model Vae {\n  data   x : real[28, 28] in [1, 0]\n  latent z : 8\n  p(z)     = Normal(0, 1)\n  p(x | z) = Normal(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    fix: "Write the range lowest first: `in [0, 1]`.",
  },
  VAE217: {
    severity: "error",
    title: "likelihood conditioned on no latent",
    explanation:
      "A likelihood `p(x)` with no latent parents makes the latents irrelevant: nothing can be learnt in them.",
    example: `${MODEL_HEAD}\n  p(z)     = Normal(0, 1)\n  p(x)     = Bernoulli(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    fix: "Condition the likelihood on the latents: `p(x | z)`.",
  },
  VAE218: {
    severity: "error",
    title: "too few held-out examples to attack",
    explanation:
      "The attacks pair held-out examples: each pair's source is perturbed to look like its target, a different example. With `held_out = 0` or `1` there is no pair to attack, so a spec with an `attack` block must hold out at least 2. (Without `held_out` the split is a share of the data, known only once the data is loaded: the attack then reports VAE516 if that share is fewer than 2.)",
    example: vae("", "train { data = mnist, held_out = 1 }\nattack { pairs = 5 }\n"),
    fix: "Hold out more examples, `held_out = 100`, or leave `held_out` out for the default share.",
  },
  VAE219: {
    severity: "error",
    title: "spec needs more memory than the machine has",
    explanation:
      "Before anything is allocated, the compiler estimates the memory a run needs: each parameter with its gradient and Adam's two moments (16 bytes), the activations of a training batch through every network (forward and backward, times `samples`), and the attack's rows (pairs x lambdas, each a perturbation of the data with L-BFGS-B's history). When the larger of training and attacking needs more than the machine's memory, the run would thrash or be killed after allocating gigabytes, so the spec is refused. The notes give the parts of the estimate; the machine's memory is the one `vaec` runs on (or 8 GiB where it is not known, as in a browser).",
    example: `${MODEL_HEAD}\n  p(z)     = Normal(0, 1)\n  p(x | z) = Bernoulli(mlp[1000000])\n  q(z | x) = Normal(mlp[64])\n}\ntrain { data = mnist }\n`,
    fix: "Shrink what the notes name as the largest part: narrower networks (`mlp[512, 512]`), a smaller `batch`, or fewer attack `pairs` or `lambda` values.",
  },
  VAE220: {
    severity: "warning",
    title: "spec needs most of the machine's memory",
    explanation:
      "The memory estimate (see VAE219) is more than half of the machine's memory: the run may fit, but with little room for anything else, and swapping makes it very slow.",
    example: `${MODEL_HEAD}\n  p(z)     = Normal(0, 1)\n  p(x | z) = Bernoulli(mlp[50000])\n  q(z | x) = Normal(mlp[64])\n}\ntrain { data = mnist }\n`,
    fix: "Shrink the largest part of the estimate, as for VAE219, or run on a machine with more memory.",
  },
  VAE221: {
    severity: "error",
    title: "lambda grid too large",
    explanation:
      "`lambda = grid(lo, hi, count)` attacks every pair at every lambda, so the attack's work and memory grow with `count`. The paper uses 50; more than 10,000 values is refused before the grid is built (a grid of 1e8 values alone would take 800 MB).",
    example: vae("", "attack { lambda = grid(-20, 20, 1e8) }\n"),
    fix: "Use a coarser grid: `lambda = grid(-20, 20, 50)`.",
  },
  VAE226: {
    severity: "error",
    title: "both `epochs` and `steps` set",
    explanation:
      "The training budget is either `steps` (optimizer updates) or `epochs` (passes over the training split, each `ceil(train size / batch)` steps), never both: with both written, one of them would be silently ignored. A `--set` of one replaces the other written in the spec, so `--set train.steps=200` trains 200 steps of a spec that says `epochs = 20`.",
    example: vae("", "train { data = mnist, epochs = 20, steps = 5000 }\n"),
    fix: "Keep one: `train { data = mnist, epochs = 20 }` or `train { data = mnist, steps = 5000 }`.",
  },
  VAE227: {
    severity: "error",
    title: "unknown learning-rate schedule or stopping rule",
    explanation:
      "`schedule` is `constant`, `cosine(warmup, min_lr)` or `step(every, factor, warmup)`; `early_stop` is `heldout(every, patience, min_delta, examples)`. See the `train` section of docs/language.md.",
    example: vae("", "train { data = mnist, schedule = cosin(warmup = 500) }\n"),
    fix: "Use a known name: `schedule = cosine(warmup = 500)`.",
  },
  VAE228: {
    severity: "error",
    title: "cosine schedule that does not decay",
    explanation:
      "A cosine schedule anneals the learning rate from the optimizer's `lr` down to `min_lr` at the last step. A `min_lr` at or above `lr` would make it constant or rising, which is almost always a typo in an exponent.",
    example: vae(
      "",
      "train { data = mnist, optimizer = adam(lr = 1e-4), schedule = cosine(min_lr = 1e-3) }\n",
    ),
    fix: "Make `min_lr` smaller than `lr`: `schedule = cosine(min_lr = 1e-6)`, or use `schedule = constant`.",
  },
  VAE229: {
    severity: "error",
    title: "early stopping without held-out data",
    explanation:
      "`early_stop = heldout(...)` evaluates the ELBO on the held-out split every `every` steps and stops when it no longer improves; with `held_out = 0` there is nothing to evaluate it on.",
    example: vae("", "train { data = mnist, held_out = 0, early_stop = heldout(patience = 3) }\n"),
    fix: "Keep a held-out split (`held_out = 1000`) or remove `early_stop`.",
  },

  // ------------------------------------------------------------------ VAE3xx distributions
  VAE301: {
    severity: "error",
    title: "distribution does not fit the variable",
    explanation:
      "Latents are continuous diagonal Gaussians (`Normal`); `Bernoulli` is only a likelihood for the data.",
    example: `${MODEL_HEAD}\n  p(z)     = Bernoulli(mlp[64])\n  p(x | z) = Bernoulli(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    fix: "Use `p(z) = Normal(0, 1)`.",
  },
  VAE302: {
    severity: "error",
    title: "distribution without its parameters",
    explanation:
      "`Normal` takes either a network (`Normal(mlp[...])`, whose outputs are the mean and the log-variance) or a constant mean and standard deviation (`Normal(0, 1)`, for a top-level prior). `Bernoulli` and every likelihood need a network.",
    example: `${MODEL_HEAD}\n  p(z)     = Normal(0)\n  p(x | z) = Bernoulli(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    fix: "Give both constants, `Normal(0, 1)`, or a network.",
  },
  VAE303: {
    severity: "error",
    title: "constant distribution with parents",
    explanation:
      "A factor conditioned on parents must use them: a constant `Normal(0, 1)` would ignore its conditioning set, so the set (and the graph drawn from it) would lie.",
    example: TWO_LAYERS(
      "  p(z2)         = Normal(0, 1)\n  p(z1 | z2)    = Normal(0, 1)\n  p(x | z1, z2) = Bernoulli(mlp[64])\n  q(z1 | x)     = Normal(mlp[64])\n  q(z2 | z1, x) = Normal(mlp[32])",
    ),
    fix: "Give it a network, `p(z1 | z2) = Normal(mlp[32])`, or drop the conditioning.",
  },
  VAE304: {
    severity: "error",
    title: "network with no input",
    explanation:
      "A factor with no parents has nothing to feed a network. A top-level prior is a constant: `Normal(0, 1)`.",
    example: `${MODEL_HEAD}\n  p(z)     = Normal(mlp[64])\n  p(x | z) = Bernoulli(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    fix: "Use `p(z) = Normal(0, 1)`.",
  },
  VAE305: {
    severity: "error",
    title: "scale not positive",
    explanation: "Standard deviations and likelihood scales must be positive numbers.",
    example: `${MODEL_HEAD}\n  p(z)     = Normal(0, 0)\n  p(x | z) = Bernoulli(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    fix: "Use a positive scale: `Normal(0, 1)`.",
  },
  VAE306: {
    severity: "error",
    title: "Bernoulli likelihood on data outside [0, 1]",
    explanation:
      "A Bernoulli likelihood (on logits) models values in [0, 1]: binary data, or real data scaled to [0, 1]. Data in another range needs a Normal likelihood.",
    example: `model Vae {\n  data   x : real[28, 28] in [-1, 1]\n  latent z : 8\n${VAE_FACTORS}\n}\n`,
    fix: "Use `p(x | z) = Normal(mlp[64], scale = learned)`, or rescale the data to [0, 1].",
  },

  // ------------------------------------------------------------------ VAE4xx objectives and attacks
  VAE401: {
    severity: "error",
    title: "penalty on something that is not a latent",
    explanation:
      "`tc` and `kl` penalties act on a latent layer's posterior; the data and params have none.",
    example: vae("  penalize tc(x) with beta = 2\n"),
    fix: "Penalise a latent: `penalize tc(z) with beta = 2`.",
  },
  VAE402: {
    severity: "error",
    title: "negative penalty strength",
    explanation:
      "beta weights a penalty and free bits are a floor in nats: neither may be negative. beta = 1 leaves the ELBO unchanged; beta > 1 penalises; 0 <= beta < 1 relaxes.",
    example: vae("  penalize kl(z) with beta = -1\n"),
    fix: "Use a non-negative value: `with beta = 4`.",
  },
  VAE403: {
    severity: "error",
    title: "layer penalised twice the same way",
    explanation:
      "A layer takes at most one `tc` and one `kl` penalty; two would make its weight ambiguous.",
    example: vae("  penalize tc(z) with beta = 2\n  penalize tc(z) with beta = 4\n"),
    fix: "Keep one `penalize tc(z)` line.",
  },
  VAE404: {
    severity: "warning",
    title: "likelihood skips a latent layer (shortcut)",
    explanation:
      "When the likelihood sees only some latent layers, reconstructions depend on them alone: a shortcut. The other layers can switch off (their posterior copies the prior and ignores the data), so the hierarchy collapses into a single-layer VAE. This is the beta-TCDLGM failure the Seatbelt-VAE paper describes; Seatbelt-VAEs condition the likelihood on every layer.",
    example: TWO_LAYERS(
      "  p(z2)         = Normal(0, 1)\n  p(z1 | z2)    = Normal(mlp[32])\n  p(x | z1)     = Bernoulli(mlp[64])\n  q(z1 | x)     = Normal(mlp[64])\n  q(z2 | z1, x) = Normal(mlp[32])",
    ),
    fix: "Condition the likelihood on every layer: `p(x | z1, z2) = Bernoulli(mlp[64])`.",
  },
  VAE405: {
    severity: "warning",
    title: "TC penalty below the top layer",
    explanation:
      "Seatbelt-VAEs penalise the total correlation of the top layer only (the one with the standard normal prior). The paper found models with TC penalties on lower layers often failed to converge.",
    example: TWO_LAYERS(
      "  p(z2)         = Normal(0, 1)\n  p(z1 | z2)    = Normal(mlp[32])\n  p(x | z1, z2) = Bernoulli(mlp[64])\n  q(z1 | x)     = Normal(mlp[64])\n  q(z2 | z1, x) = Normal(mlp[32])",
      "  penalize tc(z1) with beta = 2\n",
    ),
    fix: "Penalise the top layer: `penalize tc(z2) with beta = 2`.",
  },
  VAE406: {
    severity: "error",
    title: "setting out of range",
    explanation:
      "Counts (`batch`, `epochs`, `steps`, `pairs`, `samples`) are whole numbers of at least 1, seeds and warm-up at least 0, learning rates positive, momentum and Adam betas in [0, 1), lambda weights non-negative.",
    example: vae("", "train { data = mnist, batch = 0 }\n"),
    fix: "Use a value in range: `batch = 64`.",
  },
  VAE407: {
    severity: "error",
    title: "wrong kind of value",
    explanation:
      "The value has the wrong kind for its place: a string where a number is needed, a number where a list is, and so on.",
    example: vae("", 'train { data = mnist, batch = "64" }\n'),
    fix: "Write the value as the setting expects: `batch = 64`.",
  },
  VAE408: {
    severity: "error",
    title: "TC penalty with batches of one",
    explanation:
      "The TC estimators (minibatch weighted or stratified sampling) estimate the aggregate posterior from the other samples of a batch, so they need at least two per batch.",
    example: vae("  penalize tc(z) with beta = 2\n", "train { data = mnist, batch = 1 }\n"),
    fix: "Use a larger batch: `batch = 64`.",
  },
  VAE409: {
    severity: "error",
    title: "penalty without a strength",
    explanation:
      "`penalize tc(z)` needs `with beta = b`; `penalize kl(z)` needs `beta`, `free_bits` or both.",
    example: vae("  penalize tc(z)\n"),
    fix: "Say how strong: `penalize tc(z) with beta = 2`.",
  },
  VAE410: {
    severity: "error",
    title: "no data source",
    explanation:
      "Training needs data. `sprites` and `mnist` are picked automatically for 64x64 and 28x28 data; any other shape needs `train { data = npy(...) }`, `npz(...)` or `images(...)`.",
    example: `model Vae {\n  data   x : real[10] in [0, 1]\n  latent z : 2\n  p(z)     = Normal(0, 1)\n  p(x | z) = Bernoulli(mlp[16])\n  q(z | x) = Normal(mlp[16])\n}\n`,
    fix: 'Name the source: `train { data = npy("vectors.npy") }`.',
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

/** `--set` overrides the golden case of a code is run with (default: none). */
export const EXAMPLE_SETS: Partial<Record<Code, Record<string, string>>> = {
  VAE114: { betta: "4" },
};
