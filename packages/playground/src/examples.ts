/*
 * The examples menu: the repository's own examples/*.vae (bundled as text at build time), after
 * a small default sized for a browser, so the page trains something in about a minute on a
 * laptop. The repository's examples keep their budgets; the page's Train panel sets its own.
 */

const files = import.meta.glob("../../../examples/*.vae", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

export const DEFAULT_SPEC = `# A beta-TCVAE small enough to train in a browser tab: 32 x 32 sprites, 6 latents.
# Edit it: the diagram, the objectives and the diagnostics follow as you type.

param beta = 4

model PlaygroundTcVae {
  data   x : binary[32, 32]
  latent z : 6

  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[256])

  q(z | x) = Normal(mlp[256])

  penalize tc(z) with beta = beta, estimator = mss
}

train { data = sprites, batch = 32, steps = 300, optimizer = adam(lr = 1e-3) }
attack {
  kinds = [kl, w2, output]
  pairs = 1
  lambda = grid(-4, 4, 5)
  optimizer = lbfgsb(steps = 30)
}
`;

export interface Example {
  name: string;
  text: string;
}

export const EXAMPLES: Example[] = [
  { name: "playground (small beta-TCVAE)", text: DEFAULT_SPEC },
  ...Object.entries(files)
    .map(([path, text]) => ({ name: path.replace(/^.*\//, ""), text }))
    .sort((a, b) => a.name.localeCompare(b.name)),
];
