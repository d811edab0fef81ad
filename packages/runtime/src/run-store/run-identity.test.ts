import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileSource, type ModelIR } from "@vaec/compiler";
import { afterAll, describe, expect, it } from "vitest";
import { identityDigest, runIdentity } from "./run-identity.js";
import { RUN_STORE_VERSION } from "./versions.js";

/* The run identity: one id per distinct training, the same id in every process. */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-identity-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SPEC = `model Tiny {
  data   x : binary[4, 4]
  latent z : 2
  p(z)     = Normal(0, 1)
  p(x | z) = Bernoulli(mlp[8])
  q(z | x) = Normal(mlp[8])
}
train { data = npy("a.npy"), batch = 8, steps = 100, held_out = 4 }
`;
const specFile = path.join(dir, "tiny.vae");
fs.writeFileSync(specFile, SPEC);
/** A .npy header is enough: identity reads bytes, it does not parse them. */
fs.writeFileSync(path.join(dir, "a.npy"), "first data");
fs.writeFileSync(path.join(dir, "b.npy"), "other data");

function compile(set: Record<string, string> = {}): ModelIR {
  const compiled = compileSource({ path: specFile, text: SPEC }, { set });
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  expect(errors).toEqual([]);
  return compiled.result!.ir;
}

const idOf = (set: Record<string, string> = {}) => runIdentity(compile(set), { dataRoot: dir }).id;

describe("runIdentity", () => {
  const base = idOf();

  it.each([
    ["steps", { "train.steps": "200" }],
    ["epochs", { "train.epochs": "3" }],
    ["batch", { "train.batch": "4" }],
    ["lr", { "train.optimizer": "adam(lr = 1e-4)" }],
    ["seed", { "train.seed": "7" }],
    ["data source", { "train.data": 'npy("b.npy")' }],
    ["held-out split", { "train.held_out": "2" }],
    ["a param of the model", { "train.warmup": "10" }],
  ])("changes with %s", (_name, set) => {
    expect(idOf(set)).not.toBe(base);
  });

  it("changes with the data's content, not its path or time", () => {
    const before = idOf();
    fs.writeFileSync(path.join(dir, "a.npy"), "first data, changed");
    expect(idOf()).not.toBe(before);
    fs.writeFileSync(path.join(dir, "a.npy"), "first data");
    fs.utimesSync(path.join(dir, "a.npy"), new Date(2000, 1, 1), new Date(2000, 1, 1));
    expect(idOf()).toBe(before);
  });

  it("changes with the run store's format version", () => {
    const { irHash, data } = runIdentity(compile(), { dataRoot: dir });
    expect(identityDigest(RUN_STORE_VERSION, irHash, data)).toBe(base);
    expect(identityDigest(RUN_STORE_VERSION + 1, irHash, data)).not.toBe(base);
  });

  it("ignores what does not change training: attack settings, comments", () => {
    expect(idOf({ "attack.pairs": "3" })).toBe(base);
    const commented = compileSource({ path: specFile, text: `# a comment\n${SPEC}` }, {}).result!
      .ir;
    expect(runIdentity(commented, { dataRoot: dir }).id).toBe(base);
  });

  it("names the folder <model>-<8 hex digits of the id>", () => {
    expect(runIdentity(compile(), { dataRoot: dir }).dirName).toBe(`Tiny-${base.slice(0, 8)}`);
  });

  it("is the same in other processes", () => {
    const compilerEntry = path.resolve(import.meta.dirname, "../../../compiler/src/index.ts");
    const script = path.join(dir, "identity.mts");
    fs.writeFileSync(
      script,
      `import fs from "node:fs";
import { compileSource } from ${JSON.stringify(compilerEntry)};
import { runIdentity } from ${JSON.stringify(path.join(import.meta.dirname, "run-identity.ts"))};
const text = fs.readFileSync(${JSON.stringify(specFile)}, "utf8");
const ir = compileSource({ path: ${JSON.stringify(specFile)}, text }, {}).result.ir;
process.stdout.write(runIdentity(ir, { dataRoot: ${JSON.stringify(dir)} }).id);
`,
    );
    const run = () =>
      execFileSync(process.execPath, ["--conditions=@vaec/source", "--import", "tsx", script], {
        cwd: import.meta.dirname,
        encoding: "utf8",
      });
    const [first, second] = [run(), run()];
    expect(first).toBe(base);
    expect(second).toBe(base);
  });
});
