import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format } from "prettier";
import plugin from "prettier-plugin-vae";
import { afterAll, describe, expect, it } from "vitest";
import {
  SEMANTIC_CODES,
  checkSource,
  compileSource,
  explainModel,
  type ModelIR,
} from "@vaec/compiler";
import { root, runVaec } from "./vaec-cli.js";

/*
 * The compiler end to end: every example compiles to the IR (without spans) and explanation
 * snapshots in tests/golden/ir and tests/golden/explain (UPDATE_GOLDEN=1 rewrites them) with the right
 * family; every semantic code's golden case produces it, with the rendered output and docs page
 * up to date; random valid DAG specs lower to valid topological orders with parameter counts
 * equal to an independent computation; and `vaec compile` as a subprocess.
 */

const update = process.env.UPDATE_GOLDEN === "1";
const examples = readdirSync(join(root, "examples"))
  .filter((f) => f.endsWith(".vae"))
  .sort();

function golden(path: string, actual: string): void {
  const full = join(root, path);
  if (update || !existsSync(full)) {
    mkdirSync(join(full, ".."), { recursive: true });
    writeFileSync(full, actual);
  }
  expect(actual).toBe(readFileSync(full, "utf8"));
}

function compileExample(file: string, set: Record<string, string> = {}): ModelIR {
  const path = `examples/${file}`;
  const { result, diagnostics } = compileSource(
    { path, text: readFileSync(join(root, path), "utf8") },
    { set },
  );
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return (result as { ir: ModelIR }).ir;
}

const FAMILIES: Record<string, string> = {
  "vae.vae": "VAE",
  "beta-vae.vae": "beta-VAE",
  "beta-tcvae.vae": "beta-TCVAE",
  "seatbelt.vae": "Seatbelt-VAE",
  "seatbelt-l4.vae": "Seatbelt-VAE",
  "mnist-seatbelt.vae": "Seatbelt-VAE",
  "conv-seatbelt.vae": "Seatbelt-VAE",
  "tcdlgm.vae": "beta-TCDLGM",
  "top-down.vae": "top-down hierarchy",
};

describe("examples", () => {
  it.each(examples)("%s compiles to its IR and explanation snapshots", (file) => {
    const ir = compileExample(file);
    const stem = file.replace(/\.vae$/, "");
    // spans and the source digest left out, so editing an example's comments keeps its snapshot
    const stable = JSON.stringify(
      ir,
      (key, value: unknown) => (key === "span" || key === "sha256" ? undefined : value),
      2,
    );
    golden(`tests/golden/ir/${stem}.ir.json`, `${stable}\n`);
    golden(`tests/golden/explain/${stem}.txt`, explainModel(ir));
    golden(`tests/golden/explain/${stem}.tex`, explainModel(ir, { latex: true }));
  });

  it.each(examples)("%s is recognised as the right family", (file) => {
    expect(FAMILIES[file], `add ${file} to FAMILIES`).toBeDefined();
    expect(compileExample(file).family.name).toBe(FAMILIES[file]);
  });

  it("a Seatbelt-VAE with beta = 1 is a hierarchical VAE", () => {
    expect(compileExample("seatbelt.vae", { beta: "1" }).family.name).toBe("hierarchical VAE");
  });

  it("tcdlgm.vae gets the shortcut warning and seatbelt.vae does not", () => {
    const codes = (file: string) =>
      checkSource({ path: file, text: readFileSync(join(root, "examples", file), "utf8") }).map(
        (d) => d.code,
      );
    expect(codes("tcdlgm.vae")).toContain("VAE404");
    expect(codes("seatbelt.vae")).not.toContain("VAE404");
  });

  it("--set overrides params and settings and changes the hash only when training changes", () => {
    const base = compileExample("seatbelt.vae");
    const beta4 = compileExample("seatbelt.vae", { beta: "4", "train.batch": "32" });
    expect(beta4.params.beta).toBe(4);
    expect(beta4.penalties.find((p) => p.kind === "tc")).toMatchObject({ beta: 4 });
    expect(beta4.train.batch).toBe(32);
    expect(beta4.hash).not.toBe(base.hash);
    expect(compileExample("seatbelt.vae", { "attack.pairs": "3" }).hash).toBe(base.hash);
  });
});

describe("semantic error golden cases", () => {
  const codes = Object.keys(SEMANTIC_CODES) as Array<keyof typeof SEMANTIC_CODES>;

  it("there are at least 25 codes, each with its own case", () => {
    expect(codes.length).toBeGreaterThanOrEqual(25);
  });

  // tests/golden.test.ts checks that each example produces its code and that its golden case
  // and docs page are the ones generated from the catalogue.
  it.each(codes)(
    "%s: its example is formatted (the docs pass `prettier --check`)",
    async (code) => {
      const { spec } = SEMANTIC_CODES[code].example;
      const options = { parser: "vae", plugins: [plugin], printWidth: 100 };
      expect(await format(spec, options)).toBe(spec);
    },
  );
});

// ---------------------------------------------------------------- property test

/** A small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RandomFactor {
  model: "p" | "q";
  target: string;
  given: string[];
  /** null: the constant prior `Normal(0, 1)`. */
  net:
    | { kind: "mlp"; hidden: number[] }
    | { kind: "conv"; channels: number[]; dense: number[] }
    | null;
}

interface RandomSpec {
  text: string;
  dims: Record<string, number>;
  /** [C, H, W] */
  image: [number, number, number];
  real: boolean;
  factors: RandomFactor[];
}

/**
 * A random valid spec: p and q are random DAGs over shuffled latents, written in random order,
 * with MLPs or (for factors that read or write the image) conv stacks, and binary data with a
 * Bernoulli likelihood or real data with a learned-scale Normal one.
 */
function randomSpec(random: () => number): RandomSpec {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const shuffle = <T>(xs: T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  const subset = <T>(xs: T[]): T[] => xs.filter(() => random() < 0.5);
  const L = int(1, 4);
  const names = Array.from({ length: L }, (_, i) => `z${i + 1}`);
  const dims = Object.fromEntries(names.map((n) => [n, int(1, 12)]));
  // image sides are multiples of 4, so up to two stride-2 layers always fit
  const image: [number, number, number] = [int(1, 3), 4 * int(1, 2), 4 * int(1, 2)];
  const real = random() < 0.5;
  const mlp = (): RandomFactor["net"] => ({
    kind: "mlp",
    hidden: Array.from({ length: int(0, 2) }, () => int(1, 20)),
  });
  const netFor = (touchesImage: boolean): RandomFactor["net"] =>
    touchesImage && random() < 0.5
      ? {
          kind: "conv",
          channels: Array.from({ length: int(1, 2) }, () => int(1, 4)),
          dense: Array.from({ length: int(0, 1) }, () => int(1, 8)),
        }
      : mlp();
  const factors: RandomFactor[] = [];
  const pOrder = shuffle(names);
  pOrder.forEach((name, i) => {
    if (i === 0) factors.push({ model: "p", target: name, given: [], net: null });
    else {
      const earlier = pOrder.slice(0, i);
      const given = subset(earlier);
      factors.push({
        model: "p",
        target: name,
        given: given.length ? given : [earlier[int(0, i - 1)]],
        net: mlp(),
      });
    }
  });
  const seen = subset(names);
  factors.push({
    model: "p",
    target: "x",
    given: seen.length ? seen : [names[0]],
    net: netFor(true),
  });
  const qOrder = shuffle(names);
  qOrder.forEach((name, i) => {
    const parents = subset(qOrder.slice(0, i));
    const given = parents.length === 0 || random() < 0.5 ? [...parents, "x"] : parents;
    factors.push({
      model: "q",
      target: name,
      given: shuffle(given),
      net: netFor(given.includes("x")),
    });
  });
  const lines = shuffle(factors).map((f) => {
    const head = `${f.model}(${f.target}${f.given.length ? ` | ${f.given.join(", ")}` : ""})`;
    if (!f.net) return `  ${head} = Normal(0, 1)`;
    const net =
      f.net.kind === "mlp"
        ? `mlp[${f.net.hidden.join(", ")}]`
        : `conv[${f.net.channels.join(", ")}, dense = [${f.net.dense.join(", ")}]]`;
    if (f.target !== "x") return `  ${head} = Normal(${net})`;
    return real ? `  ${head} = Normal(${net}, scale = learned)` : `  ${head} = Bernoulli(${net})`;
  });
  const text = [
    "model Random {",
    `  data x : ${real ? "real" : "binary"}[${image.join(", ")}]${real ? " in [-1, 1]" : ""}`,
    ...shuffle(names).map((n) => `  latent ${n} : ${dims[n]}`),
    ...lines,
    "}",
    'train { data = npy("x.npy") }',
    "",
  ].join("\n");
  return { text, dims, image, real, factors };
}

/**
 * Parameters computed independently of the compiler: (in + 1) x out per dense layer,
 * (in x k x k + 1) x out per (transposed) convolution with the default 4x4 kernels and stride 2
 * halving the image per layer, and one learned log-scale per data element.
 */
function expectedParams(spec: RandomSpec): number {
  const [C, H, W] = spec.image;
  const size = C * H * W;
  const width = (v: string) => (v === "x" ? size : spec.dims[v]);
  const dense = (widths: number[]) =>
    widths.slice(1).reduce((sum, out, i) => sum + (widths[i] + 1) * out, 0);
  const convs = (chain: number[]) =>
    chain.slice(1).reduce((sum, out, i) => sum + (chain[i] * 16 + 1) * out, 0);
  let total = spec.real ? size : 0;
  for (const f of spec.factors) {
    if (!f.net) continue;
    const input = f.given.reduce((a, g) => a + width(g), 0);
    const output = f.target === "x" ? size : 2 * spec.dims[f.target];
    if (f.net.kind === "mlp") {
      total += dense([input, ...f.net.hidden, output]);
      continue;
    }
    const { channels } = f.net;
    const cells = (H / 2 ** channels.length) * (W / 2 ** channels.length);
    if (f.target === "x") {
      total += dense([input, ...f.net.dense, channels[0] * cells]) + convs([...channels, C]);
    } else {
      const flat = channels[channels.length - 1] * cells;
      total += convs([C, ...channels]) + dense([flat + input - size, ...f.net.dense, output]);
    }
  }
  return total;
}

function assertTopological(factors: ModelIR["generative"]): void {
  const placed = new Set<string>();
  const targets = new Set(factors.map((f) => f.target));
  for (const f of factors) {
    for (const g of f.given)
      if (targets.has(g)) expect(placed.has(g), `${f.id} before its parent ${g}`).toBe(true);
    placed.add(f.target);
  }
}

describe("random DAG specs (property)", () => {
  it("lower to valid topological orders with independently computed parameter counts", () => {
    const random = rng(20210503);
    const kinds = new Set<string>();
    for (let trial = 0; trial < 200; trial++) {
      const spec = randomSpec(random);
      const { result, diagnostics } = compileSource({
        path: `random-${trial}.vae`,
        text: spec.text,
      });
      expect(
        diagnostics.filter((d) => d.severity === "error"),
        spec.text,
      ).toEqual([]);
      const ir = (result as { ir: ModelIR }).ir;
      assertTopological(ir.generative);
      assertTopological(ir.inference);
      expect(ir.generative.at(-1)?.target).toBe("x");
      expect(ir.generative).toHaveLength(spec.factors.filter((f) => f.model === "p").length);
      expect(ir.inference).toHaveLength(spec.factors.filter((f) => f.model === "q").length);
      for (const f of [...ir.generative, ...ir.inference]) {
        const size = spec.image[0] * spec.image[1] * spec.image[2];
        const width = f.given.reduce((a, g) => a + (g === "x" ? size : spec.dims[g]), 0);
        if (f.network) expect(f.network.inputWidth).toBe(width);
      }
      expect(ir.paramCount, spec.text).toBe(expectedParams(spec));
      for (const f of [...ir.generative, ...ir.inference]) {
        if (f.network) kinds.add(f.network.kind === "conv" ? `conv ${f.network.role}` : "mlp");
      }
      kinds.add(ir.data.kind);
    }
    // the generator reaches every kind of network and data
    expect([...kinds].sort()).toEqual(["binary", "conv decoder", "conv encoder", "mlp", "real"]);
  });
});

// ---------------------------------------------------------------- the command

describe("vaec compile", () => {
  const dir = mkdtempSync(join(tmpdir(), "vaec-compile-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const vaec = (...args: string[]) => runVaec(root, ...args);

  it("writes the IR atomically and prints the summary; --json prints it as JSON", async () => {
    const text = await vaec("compile", "examples/tcdlgm.vae", "-o", dir, "--set", "beta=4");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("family:   beta-TCDLGM");
    expect(text.stderr).toContain("warning[VAE404]");
    const ir = JSON.parse(readFileSync(join(dir, "Tcdlgm.ir.json"), "utf8")) as ModelIR;
    expect(ir.params.beta).toBe(4);
    expect(readdirSync(dir)).toEqual(["Tcdlgm.ir.json"]);
    const json = await vaec("compile", "examples/seatbelt.vae", "-o", dir, "--json");
    const summary = (
      JSON.parse(json.stdout) as {
        result: { family: string; paramCount: number; networks: Array<{ paramCount: number }> };
      }
    ).result;
    expect(summary.family).toBe("Seatbelt-VAE");
    expect(summary.networks.reduce((a, n) => a + n.paramCount, 0)).toBe(summary.paramCount);
  });

  it("exits 1 with rendered diagnostics on a broken spec", async () => {
    const result = await vaec("compile", "tests/golden/err/sem-VAE204.vae", "-o", dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error[VAE204]");
  });
});
