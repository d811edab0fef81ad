import { describe, expect, it } from "vitest";
import { checkSource, compileSource } from "./compile.js";
import type { ModelIR } from "./ir.js";

const spec = (body: string, after = ""): string => `model M {
  data   x  : binary[28, 28]
  latent z1 : 8
  latent z2 : 4
${body}
}
${after}`;
const CHAIN = `  p(z2)         = Normal(0, 1)
  p(z1 | z2)    = Normal(mlp[32])
  p(x | z1, z2) = Bernoulli(mlp[64])
  q(z1 | x)     = Normal(mlp[64])
  q(z2 | z1, x) = Normal(mlp[32])`;

function compile(text: string, set: Record<string, string> = {}): ModelIR {
  const { result, diagnostics } = compileSource({ path: "m.vae", text }, { set });
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return (result as { ir: ModelIR }).ir;
}

const codes = (text: string, set: Record<string, string> = {}): string[] =>
  checkSource({ path: "m.vae", text }, { set }).map((d) => d.code);

describe("compileSource", () => {
  it("stops at syntax errors and reports them", () => {
    const { result, diagnostics } = compileSource({ path: "m.vae", text: "model M {" });
    expect(result).toBeUndefined();
    expect(diagnostics[0].code).toMatch(/^VAE0/);
  });

  it("walks a three-factor cycle in q round, one label per factor", () => {
    const text = spec(
      `  latent z3 : 2
  p(z3) = Normal(0, 1)
  p(z2 | z3) = Normal(mlp[8])
  p(z1 | z2) = Normal(mlp[8])
  p(x | z1, z2, z3) = Bernoulli(mlp[8])
  q(z1 | z3, x) = Normal(mlp[8])
  q(z2 | z1, x) = Normal(mlp[8])
  q(z3 | z2, x) = Normal(mlp[8])`,
    );
    const [cycle] = checkSource({ path: "m.vae", text }).filter((d) => d.code === "VAE204");
    expect(cycle.message).toBe("`z3` is conditioned on itself through `z1` and `z2`");
    expect(cycle.primaryLabel).toBe("this factor makes `z1` depend on `z3` ...");
    expect(cycle.labels.map((l) => l.message)).toEqual([
      "... this one makes `z3` depend on `z2` ...",
      "... and this one makes `z2` depend on `z1`",
    ]);
    expect(cycle.help).toContain("an inference model must be a directed acyclic graph");
  });

  it("applies --set to params and to train and attack settings", () => {
    const ir = compile(
      spec(
        `${CHAIN}\n  penalize tc(z2) with beta = beta`,
        "param beta = 2\ntrain { batch = 64 }\n",
      ),
      {
        beta: "8",
        "train.batch": "16",
        "train.optimizer": "sgd(lr = 0.5)",
        "attack.kinds": "[w2]",
      },
    );
    expect(ir.penalties).toMatchObject([{ kind: "tc", beta: 8, estimator: "mws" }]);
    expect(ir.train).toMatchObject({ batch: 16, optimizer: { kind: "sgd", lr: 0.5, momentum: 0 } });
    expect(ir.train.data).toEqual({ kind: "mnist" });
    expect(ir.attack.kinds).toEqual(["w2"]);
  });

  it("hashes what trains: not comments, spans or attack settings", () => {
    const a = compile(spec(CHAIN));
    const b = compile(`# a comment\n\n${spec(CHAIN, "attack { pairs = 3 }\n")}`);
    expect(b.hash).toBe(a.hash);
    expect(b.source.sha256).not.toBe(a.source.sha256);
    expect(compile(spec(CHAIN, "train { seed = 1 }\n")).hash).not.toBe(a.hash);
  });

  it("reads `clip_norm` into the optimizer, leaving a spec without it hashed as before", () => {
    const plain = compile(spec(CHAIN, "train { optimizer = adam(lr = 1e-3) }\n"));
    expect(plain.train.optimizer).not.toHaveProperty("clipNorm");
    expect(plain.hash).toBe(compile(spec(CHAIN, "train { optimizer = adam }\n")).hash);
    const clipped = compile(spec(CHAIN, "train { optimizer = adam(lr = 1e-3, clip_norm = 50) }\n"));
    expect(clipped.train.optimizer).toMatchObject({ kind: "adam", lr: 1e-3, clipNorm: 50 });
    expect(clipped.hash).not.toBe(plain.hash);
    const sgd = compile(spec(CHAIN, "train { optimizer = sgd(lr = 0.1, clip_norm = 5) }\n"));
    expect(sgd.train.optimizer).toMatchObject({ kind: "sgd", clipNorm: 5 });
    expect(codes(spec(CHAIN, "train { optimizer = adam(clip_norm = 0) }\n"))).toContain("VAE406");
    expect(codes(spec(CHAIN, "train { optimizer = adam(clip = 5) }\n")).length).toBeGreaterThan(0);
  });

  it("fills the attack layers with the latents the likelihood sees", () => {
    const shortcut = CHAIN.replace("p(x | z1, z2)", "p(x | z1)    ");
    expect(compile(spec(shortcut)).attack.layers).toEqual(["z1"]);
    expect(compile(spec(CHAIN)).attack.lambdas).toHaveLength(51);
  });

  it("names families the paper does not study `custom`, with the reason", () => {
    const both = compile(spec(`${CHAIN}\n  penalize tc(z1) with beta = 2`));
    expect(both.family).toEqual({
      name: "custom",
      reason: "2-layer hierarchy with TC below the top layer",
    });
    expect(codes(spec(`${CHAIN}\n  penalize tc(z1) with beta = 2`))).toContain("VAE405");
    const flat = compile(
      spec(CHAIN.replace("p(z1 | z2)    = Normal(mlp[32])", "p(z1)         = Normal(0, 1)")),
    );
    expect(flat.family.name).toBe("custom");
  });

  it("suggests names for typos", () => {
    const [d] = checkSource({
      path: "m.vae",
      text: spec(CHAIN.replace("Bernoulli(mlp[64])", "Bernoulli(mlp[64, activation = rleu])")),
    });
    expect(d).toMatchObject({ code: "VAE107", help: "did you mean `relu`?" });
    expect(codes(spec(CHAIN), { "train.bach": "3" })).toEqual(["VAE114"]);
  });
});
