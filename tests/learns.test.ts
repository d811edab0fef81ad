import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { vaecBin } from "./vaec-cli.js";

/*
 * Training on the real built-in data must learn: the held-out ELBO of a tiny model after a few
 * dozen steps is clearly better than after one step, on procedural sprites and on MNIST.
 */

const bin = vaecBin;
const work = mkdtempSync(join(tmpdir(), "vaec-e2e-learns-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function tinySpec(data: "sprites" | "mnist"): string {
  const shape = data === "sprites" ? "64, 64" : "28, 28";
  return `model Tiny {
  data   x : binary[${shape}]
  latent z : 6

  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[64])
  q(z | x) = Normal(mlp[64])
}

train { data = ${data}, batch = 32, held_out = 128, iw_samples = 2, optimizer = adam(lr = 3e-3) }
`;
}

async function heldOutElbo(spec: string, steps: number): Promise<number> {
  const run = promisify(execFile);
  const out = join(work, `runs-${steps}`);
  const env = { ...process.env, NO_COLOR: "1" };
  const trained = await run(
    process.execPath,
    [bin, "train", spec, "--steps", String(steps), "--out", out],
    { cwd: work, env },
  );
  const runDir = trained.stdout.trim();
  const evaluated = await run(
    process.execPath,
    [bin, "eval", runDir, "--json", "--deterministic"],
    { cwd: work, env },
  );
  return (JSON.parse(evaluated.stdout) as { result: { elbo: number } }).result.elbo;
}

describe.each(["sprites", "mnist"] as const)("training on %s", (data) => {
  it("improves the held-out ELBO by a clear margin", async () => {
    const spec = join(work, `tiny-${data}.vae`);
    writeFileSync(spec, tinySpec(data));
    const before = await heldOutElbo(spec, 1);
    const after = await heldOutElbo(spec, 80);
    // Nats per image: an untrained decoder sits near D log 2; 80 steps must gain far more
    // than noise (tens of nats on both data sets).
    expect(after).toBeGreaterThan(before + 20);
  });
});
