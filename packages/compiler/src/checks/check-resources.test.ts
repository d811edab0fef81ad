import { describe, expect, it } from "vitest";
import { checkSource, compileSource } from "../compile.js";
import { estimateMemory } from "./estimate-memory.js";

const GiB = 1024 ** 3;

const spec = (options: { net?: string; latent?: string; train?: string; attack?: string }) =>
  `model Vae {
  data   x : binary[28, 28]
  latent z : ${options.latent ?? "8"}
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(${options.net ?? "mlp[64]"})
  q(z | x) = Normal(mlp[64])
}
train { data = mnist${options.train ?? ""} }
attack { pairs = 10${options.attack ?? ""} }
`;

const check = (text: string, machineMemory: number | undefined = 16 * GiB) =>
  checkSource({ path: "big.vae", text }, { machineMemory });

describe("memory estimate before allocation", () => {
  it("counts parameters with Adam's state, a batch's activations and the attack's rows", () => {
    const { result } = compileSource({ path: "small.vae", text: spec({ train: ", batch = 32" }) });
    const ir = result!.ir;
    const e = estimateMemory(ir);
    expect(e.params).toBe(ir.paramCount);
    expect(e.paramBytes).toBe(16 * ir.paramCount);
    // p(x | z): 8 -> 64 -> 784; q(z | x): 784 -> 64 -> 16 (the prior has no network).
    expect(e.activationsPerExample).toBe(8 + 64 + 784 + (784 + 64 + 16));
    expect(e.activationBytes).toBe(32 * e.activationsPerExample * 4 * 3);
    expect(e.attackRows).toBe(10 * 51);
    expect(e.totalBytes).toBe(Math.max(e.trainingBytes, e.attackingBytes));
  });

  it("refuses mlp[1000000] at the network, with the machine's memory (VAE219)", () => {
    const [d] = check(spec({ net: "mlp[1000000]" }));
    expect(d.code).toBe("VAE219");
    expect(d.message).toMatch(
      /^this spec needs about [\d.]+ GiB of memory, more than this machine's 16\.0 GiB$/,
    );
    expect(d.span.start.line).toBe(5);
    expect(d.primaryLabel).toMatch(/^793,000,784 parameters/);
    expect(d.notes[0]).toMatch(/^training: /);
    expect(d.help).toMatch(/narrower networks/);
  });

  it("refuses a latent of 1e7 dimensions at the largest network", () => {
    const [d] = check(spec({ latent: "1e7" }));
    expect(d.code).toBe("VAE219");
    expect(d.message).toMatch(/TiB of memory/);
  });

  it("refuses batch = 1000000 at the batch setting", () => {
    const [d] = check(spec({ train: ", batch = 1000000" }));
    expect(d).toMatchObject({ code: "VAE219", primaryLabel: "batch of 1,000,000" });
    expect(d.span.start).toMatchObject({ line: 8, column: 23 });
    expect(d.help).toMatch(/smaller `batch`/);
  });

  it("refuses 100,000 attack pairs at the attack settings", () => {
    const [d] = check(
      spec({ attack: ", lambda = grid(-20, 20, 50)" }).replace("pairs = 10", "pairs = 100000"),
    );
    expect(d).toMatchObject({ code: "VAE219", primaryLabel: "5,100,000 attack rows" });
    expect(d.help).toMatch(/fewer `pairs`/);
  });

  it("caps lambda grids before building them (VAE221)", () => {
    const diagnostics = check(spec({ attack: ", lambda = grid(-20, 20, 1e8)" }));
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["VAE221", "a lambda grid of 100000000 values is too large"],
    ]);
    const atCap = spec({ attack: ", lambda = grid(-20, 20, 10000)" }).replace(
      "pairs = 10",
      "pairs = 1",
    );
    expect(check(atCap)).toEqual([]);
  });

  it("warns above half the machine's memory (VAE220), and says when the memory is assumed", () => {
    const warned = checkSource({ path: "big.vae", text: spec({ net: "mlp[90000]" }) });
    expect(warned.map((d) => [d.code, d.severity])).toEqual([["VAE220", "warning"]]);
    expect(warned[0].message).toMatch(
      /more than half of the 8\.0 GiB assumed when the machine's memory is not known$/,
    );
    const compiled = compileSource(
      { path: "big.vae", text: spec({ net: "mlp[90000]" }) },
      { machineMemory: 64 * GiB },
    );
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.result).toBeDefined();
  });

  it("stops compilation on VAE219: no IR for the runtime to allocate", () => {
    const compiled = compileSource(
      { path: "big.vae", text: spec({ net: "mlp[1000000]" }) },
      { machineMemory: 16 * GiB },
    );
    expect(compiled.result).toBeUndefined();
  });
});
