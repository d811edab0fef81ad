/* Pieces of valid specs, spliced into the catalogue's failing examples. */

/** A valid one-layer VAE on 28x28 data, spliced into the examples. */
export const MODEL_HEAD = `model Vae {
  data   x : binary[28, 28]
  latent z : 8`;
export const VAE_FACTORS = `  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[64])
  q(z | x) = Normal(mlp[64])`;
export const vae = (extra = "", after = ""): string =>
  `${MODEL_HEAD}\n${VAE_FACTORS}\n${extra}}\n${after}`;
export const TWO_LAYERS = (factors: string, extra = ""): string => `model Deep {
  data   x  : binary[28, 28]
  latent z1 : 8
  latent z2 : 4
${factors}
${extra}}
`;
