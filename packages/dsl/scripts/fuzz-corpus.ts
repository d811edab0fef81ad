import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Seeds for mutation: a spec covering every construct, every example, every golden file. */
export const BUILT_IN_SPEC = `# every construct of the language
param beta = 2 * (1 + .5) ^ -1 - 1e-3 / 0x10 + 0b101 + 0o17 + 1_000
model Everything {
  data   x  : real[3, 64, 64] in [-1, 1]
  latent z1 : 32
  latent z2 : 16
  param gamma = beta
  p(z2)         = Normal(0, 1)
  p(z1 | z2)    = Normal(mlp[256, 256, activation = elu])
  p(x | z1, z2) = Normal(conv[64, 64, 32, 32, kernel = 4, stride = 2], scale = learned)
  q(z1 | x)     = Normal(conv[32, 32, 64, 64, kernel = 4, stride = 2])
  q(z2 | z1, x) = Normal(mlp[256, 256])
  penalize tc(z2) with beta = beta, estimator = mss
  penalize kl(z1) with free_bits = 0.5
}
train { data = npz("faces.npz", "images\\n\\u{1F600}"), batch = 256 epochs = 20, optimizer = adam(lr = 1e-3,) }
attack { kinds = [kl, w2, output], pairs = 20, lambda = grid(-20, 20, 50), optimizer = lbfgsb(steps = 200) }
sweep beta in [1, 2, 4, 8,]
`;

function vaeFiles(dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((name) => name.endsWith(".vae"))
    .sort()
    .map((name) => join(full, name));
}

export function fuzzCorpus(): Array<{ name: string; text: string }> {
  const files = [
    ...vaeFiles("examples"),
    ...vaeFiles("tests/golden/ok"),
    ...vaeFiles("tests/golden/err"),
  ];
  return [
    { name: "built-in", text: BUILT_IN_SPEC },
    ...files.map((path) => ({ name: path.slice(root.length), text: readFileSync(path, "utf8") })),
  ];
}
