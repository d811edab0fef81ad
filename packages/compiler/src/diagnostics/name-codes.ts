import { defineCatalogue } from "@vaec/dsl";
import { MODEL_HEAD, VAE_FACTORS, vae } from "./example-specs.js";

/** The catalogue of names: unknown, duplicate and misspelt names, `--set`, params and sweeps (VAE1xx); the format is @vaec/dsl's `CatalogueEntry`. */
export const NAME_CODES = defineCatalogue({
  VAE101: {
    title: "name declared twice",
    severity: "error",
    messages: {
      nameDeclaredTwice: "the name `{name}` is declared twice",
    },
    explanation:
      "Data variables, latents and params share one namespace, so each name may be declared once. A second declaration would make every later use ambiguous.",
    example: { spec: `${MODEL_HEAD}\n  latent z : 4\n${VAE_FACTORS}\n}\n` },
    fix: "Rename or remove one of the two declarations, for example `latent z2 : 4`.",
  },
  VAE102: {
    title: "factor mentions an undeclared variable",
    severity: "error",
    messages: {
      paramInFactor: "`{name}` is a param, not a variable a factor can mention",
      undeclaredVariable: "cannot find a variable named `{name}`",
    },
    explanation:
      "A factor `p(v | parents)` or `q(v | parents)` may only mention variables declared with `data` or `latent` in the same model. A typo in a conditioning set is the usual cause; the help suggests the closest declared name.",
    example: {
      spec: `${MODEL_HEAD}\n  p(z)      = Normal(0, 1)\n  p(x | zz) = Bernoulli(mlp[64])\n  q(z | x)  = Normal(mlp[64])\n}\n`,
    },
    fix: "Use a declared variable (`p(x | z)`) or declare the missing one (`latent zz : 4`).",
  },
  VAE103: {
    title: "unknown parameter",
    severity: "error",
    messages: {
      unknownParameter: "cannot find a parameter named `{value}`",
    },
    explanation:
      "A bare name where a number is expected must be a `param` declared at the top level or in the model. Params can be used in any numeric position: sizes, betas, learning rates.",
    example: { spec: `param beta = 4\n${vae("  penalize kl(z) with beta = betta\n")}` },
    fix: "Use the param's name (`with beta = beta`) or declare it: `param betta = 4`.",
  },
  VAE104: {
    title: "unknown distribution",
    severity: "error",
    messages: {
      unknownDistribution: "unknown distribution `{name}`",
    },
    explanation:
      "vaec knows two distributions: `Normal` (diagonal Gaussian; priors, posteriors and real-valued likelihoods) and `Bernoulli` (a likelihood on logits for binary or [0, 1] data). Names are case-sensitive.",
    example: {
      spec: `${MODEL_HEAD}\n  p(z)     = Normal(0, 1)\n  p(x | z) = Bernouli(mlp[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    },
    fix: "Spell the distribution as vaec knows it: `Bernoulli(mlp[64])`.",
  },
  VAE105: {
    title: "unknown network",
    severity: "error",
    messages: {
      unknownNetwork: "unknown network `{value}`",
    },
    explanation:
      "A network is written `name[args]`. vaec knows `mlp[h1, h2, ...]` (fully connected) and `conv[c1, c2, ..., kernel = 4, stride = 2]` (convolutional, for factors that read or generate image data).",
    example: {
      spec: `${MODEL_HEAD}\n  p(z)     = Normal(0, 1)\n  p(x | z) = Bernoulli(mpl[64])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    },
    fix: "Use `mlp[64]` or `conv[...]`.",
  },
  VAE106: {
    title: "unknown setting",
    severity: "error",
    messages: {
      unknownSetting: "{what} has no setting `{name}`",
    },
    explanation:
      "Blocks (`train`, `attack`), penalties (`with ...`), networks, distributions and calls such as `adam(...)` accept a fixed set of named settings. A name outside that set is most likely a typo; the help lists the closest one.",
    example: { spec: vae("", "train { data = mnist, bach = 64 }\n") },
    fix: "Use the setting's name: `train { data = mnist, batch = 64 }`.",
  },
  VAE107: {
    title: "unknown activation",
    severity: "error",
    messages: {
      unknownActivation: "unknown activation `{value}`",
    },
    explanation:
      "Networks take `activation = name` with one of `relu` (the default), `elu`, `tanh`, `softplus`, `leaky_relu`, `sigmoid` and `swish`. The activation is applied between layers, never after the last.",
    example: {
      spec: `${MODEL_HEAD}\n  p(z)     = Normal(0, 1)\n  p(x | z) = Bernoulli(mlp[64, activation = rleu])\n  q(z | x) = Normal(mlp[64])\n}\n`,
    },
    fix: "Use a known activation: `mlp[64, activation = relu]`.",
  },
  VAE108: {
    title: "unknown data source",
    severity: "error",
    messages: {
      unknownDataSource: "unknown data source `{name}`",
    },
    explanation:
      '`train { data = ... }` takes `sprites` (procedural dSprites), `mnist`, `npy("file.npy")`, `npz("file.npz", "key")` or `images("dir", size)`. Nothing is downloaded: other data sets come in through the last three.',
    example: { spec: vae("", "train { data = minst }\n") },
    fix: "Name a known source: `train { data = mnist }`.",
  },
  VAE109: {
    title: "unknown data type",
    severity: "error",
    messages: {
      unknownDataType: "unknown data type `{type}`",
    },
    explanation:
      "A data variable is `binary[...]` (values 0 and 1, usually with a Bernoulli likelihood) or `real[...] in [lo, hi]` (real values in a box, with a Normal or, in [0, 1], a Bernoulli likelihood).",
    example: {
      spec: `model Vae {\n  data   x : binray[28, 28]\n  latent z : 8\n${VAE_FACTORS}\n}\n`,
    },
    fix: "Write `data x : binary[28, 28]` or `data x : real[28, 28] in [0, 1]`.",
  },
  VAE110: {
    title: "unknown penalty",
    severity: "error",
    messages: {
      unknownPenalty: "unknown penalty `{kind}`",
    },
    explanation:
      "`penalize tc(z) with beta = b` penalises the total correlation of layer `z` (the beta-TCVAE objective subtracts (beta - 1) TC); `penalize kl(z) with beta = b` scales that layer's KL (beta-VAE), and `with free_bits = l` floors it (`per = unit`: floors each unit's KL).",
    example: { spec: vae("  penalize tcc(z) with beta = 2\n") },
    fix: "Use `tc` or `kl`: `penalize tc(z) with beta = 2`.",
  },
  VAE111: {
    title: "not a valid choice",
    severity: "error",
    messages: {
      invalidChoice: "`{value}` is not a valid choice here",
      unknownAttack: "unknown attack `{name}`",
      unknownAttackOptimizer: "unknown attack optimizer `{name}`",
      unknownLambdaSchedule: "unknown lambda schedule `{value}`",
      unknownOptimizer: "unknown optimizer `{value}`",
    },
    explanation:
      "Some settings take one of a few words: the TC `estimator` (`mws`, `mss`), the attack `kinds` (`kl`, `w2`, `output`), the optimizers (`adam`, `sgd` for training; `lbfgsb`, `adam` for attacks), the attack `path` (`mean`, `sample`) and a likelihood `scale` (`learned`).",
    example: { spec: vae("  penalize tc(z) with beta = 2, estimator = msss\n") },
    fix: "Pick one of the listed choices: `estimator = mss`.",
  },
  VAE112: {
    title: "no model",
    severity: "error",
    messages: {
      noModel: "no model in this spec",
    },
    explanation:
      "A spec describes one model in a `model Name { ... }` block; settings alone cannot be compiled.",
    example: { spec: "param beta = 2\ntrain { data = mnist }\n" },
    fix: "Add the model: `model Vae { data x : binary[28, 28] ... }`.",
  },
  VAE113: {
    title: "more than one model",
    severity: "error",
    messages: {
      secondModel: "a spec holds one model, found a second one",
    },
    explanation:
      "Each .vae file holds exactly one model, so that the `train`, `attack` and `sweep` settings of the file apply to it unambiguously.",
    example: { spec: `${vae()}model Other {\n  data x : binary[28, 28]\n}\n` },
    fix: "Move the second model to a file of its own.",
  },
  VAE114: {
    title: "bad `--set` override",
    severity: "error",
    messages: {
      setNamesNoParam: "`--set {name}={raw}` names no param of this spec",
      setNotANumber: "`--set {name}={raw}` is not a number",
      setNamesNoSetting: "`--set {key}={raw}` names no setting",
      setUnknownBlockSetting: "`--set {key}={raw}`: `{block}` has no setting `{name}`",
      setNotAnExpression: "`--set {key}={raw}`: the value is not an expression",
    },
    explanation:
      "`--set name=value` overrides a `param` (the value must be a number), and `--set train.setting=value` or `--set attack.setting=value` overrides a setting. The name must exist in the spec.",
    example: { spec: vae("", "param beta = 1\n"), set: { betta: "4" } },
    fix: "Override a declared param: `--set beta=4`. (The golden case runs this spec with `--set betta=4`.)",
  },
  VAE115: {
    title: "setting given twice",
    severity: "error",
    messages: {
      settingGivenTwice: "`{name}` is given twice",
    },
    explanation:
      "Each setting may appear once in a block, a penalty or a call; with two, it is unclear which one counts.",
    example: { spec: vae("", "train { data = mnist, batch = 64, batch = 128 }\n") },
    fix: "Keep one of the two: `train { data = mnist, batch = 64 }`.",
  },
  VAE116: {
    title: "block declared twice",
    severity: "error",
    messages: {
      blockTwice: "a second `{word}` block",
    },
    explanation: "A spec has at most one `train` block and one `attack` block.",
    example: { spec: vae("", "train { data = mnist }\ntrain { batch = 64 }\n") },
    fix: "Merge the settings into one block: `train { data = mnist, batch = 64 }`.",
  },
  VAE117: {
    title: "sweep over something that is not a param",
    severity: "error",
    messages: {
      sweepNotAParam: "cannot sweep `{key}`: it is not a param",
    },
    explanation:
      "`sweep name in [...]` trains one model per value of a `param`; the param must be declared, and is then used where it matters (`with beta = beta`).",
    example: {
      spec: `param beta = 2\n${vae("  penalize tc(z) with beta = beta\n", "sweep bta in [1, 2, 4]\n")}`,
    },
    fix: "Sweep a declared param: `sweep beta in [1, 2, 4]`.",
  },
  VAE118: {
    title: "param defined in terms of itself",
    severity: "error",
    messages: {
      paramCycle: "param `{name}` is defined in terms of itself",
    },
    explanation:
      "Params may use one another, in any order, but not in a circle: then no value can be computed.",
    example: { spec: `param a = b + 1\nparam b = 2 * a\n${vae()}` },
    fix: "Give one of the params a value that does not depend on the other: `param b = 2`.",
  },
  VAE119: {
    title: "expression is not a finite number",
    severity: "error",
    messages: {
      notFinite: "this expression is not a finite number",
    },
    explanation:
      "Arithmetic in a spec must give a finite number; a division by zero or an overflowing power does not.",
    example: { spec: `param beta = 1 / 0\n${vae("  penalize kl(z) with beta = beta\n")}` },
    fix: "Fix the arithmetic: `param beta = 4`.",
  },
  VAE121: {
    title: "arguments do not fit",
    severity: "error",
    messages: {
      stepWithoutEvery: "`step` needs its `every` argument",
      gridArguments: "`grid` needs three arguments",
      tooManyArguments: "too many arguments for {what}",
      missingArgument: "`{callee}` needs its `{arg}` argument",
    },
    explanation:
      "A call received more positional arguments than it takes, or lacks one it needs. `Normal(mean, std)`, `adam(lr)`, `grid(lo, hi, count)`, `npy(path)`, `npz(path, key)` and `images(dir, size)` take their arguments in that order; others only by name.",
    example: { spec: vae("", "attack { lambda = grid(-20, 20) }\n") },
    fix: "Give every argument: `lambda = grid(-20, 20, 50)`.",
  },
  VAE122: {
    title: "sweep over something that names no setting",
    severity: "error",
    messages: {
      sweepNamesNoSetting: "cannot sweep `{key}`: it names no setting",
    },
    explanation:
      "A grid axis is a `param` (`beta in [1, 2]`) or a `train` setting written with its block (`train.steps in [200, 400]`, `train.data in [sprites, mnist]`); the bare `seed` is short for `train.seed`. Any other dotted name is a typo or a block that has no settings to sweep.",
    example: {
      spec: `param beta = 2\n${vae("  penalize tc(z) with beta = beta\n", "sweep beta in [1, 2], train.stpes in [100, 200]\n")}`,
    },
    fix: "Name a train setting: `sweep beta in [1, 2], train.steps in [100, 200]`.",
  },
  VAE123: {
    title: "sweep over an attack setting",
    severity: "error",
    messages: {
      sweepAttackSetting: "cannot sweep `{key}`: attack settings are not swept",
    },
    explanation:
      "Every point of a grid is attacked with the same settings, so that its Deltas compare; a point's attack results live in its run, which one set of attack settings fills. Sweeping `attack.*` would make points attacked differently overwrite each other.",
    example: {
      spec: `param beta = 2\n${vae("  penalize tc(z) with beta = beta\n", "sweep beta in [1, 2], attack.pairs in [5, 10]\n")}`,
    },
    fix: "Set the attack for all points (`attack { pairs = 10 }`, or `vaec sweep --pairs 10`) and sweep only params and train settings.",
  },
  VAE124: {
    title: "grid axis swept twice",
    severity: "error",
    messages: {
      sweptTwice: "`{key}` is swept twice",
    },
    explanation:
      "A grid is the Cartesian product of its axes, each a different param or setting; two axes (in one `sweep` line or in two) over the same name leave it unclear which values count. `seed` and `train.seed` are the same axis.",
    example: {
      spec: `param beta = 2\n${vae("  penalize tc(z) with beta = beta\n", "sweep beta in [1, 2]\nsweep beta in [4, 8]\n")}`,
    },
    fix: "List every value in one axis: `sweep beta in [1, 2, 4, 8]`.",
  },
  VAE125: {
    title: "sweep value listed twice",
    severity: "warning",
    messages: {
      sweepValueTwice: "`{key}` lists `{text}` twice",
    },
    explanation:
      "A grid has each point once: a repeated value adds no point (train several seeds with `train.seed in [1, 2, 3]` instead).",
    example: {
      spec: `param beta = 2\n${vae("  penalize tc(z) with beta = beta\n", "sweep beta in [1, 2, 2]\n")}`,
    },
    fix: "Remove the repeat: `sweep beta in [1, 2]`.",
  },
  VAE126: {
    title: "grid too large",
    severity: "error",
    messages: {
      gridTooLarge: "this grid has {points} points, more than {max}",
    },
    explanation:
      "A spec's grid is capped at 1,000 points (the product of its axes' lengths, here 11 x 10 x 10): each point trains and attacks a model, so a long list typed by mistake, or one axis too many, could otherwise start weeks of work.",
    example: {
      spec: `param beta = 2\n${vae("  penalize tc(z) with beta = beta\n", "sweep beta in [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],\n  train.seed in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],\n  train.steps in [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]\n")}`,
    },
    fix: "Sweep fewer values or fewer axes (`sweep beta in [1, 2, 4, 8], train.seed in [1, 2, 3]`), or run the study as several grids.",
  },
});
