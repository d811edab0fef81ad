import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, describe, expect, it } from "vitest";
import { vaecBin } from "./vaec-cli.js";
import {
  compileSource,
  diagramToDot,
  PATTERN_IDS,
  renderDiagramSvg,
  type ModelIR,
  type Penalty,
} from "@vaec/compiler";

/*
 * Plate diagrams: for every example and for hand-made IRs (shapes the examples do not cover),
 * the SVG is well-formed XML with one node per variable in each panel, one arrow per
 * dependency pointing at the child, the hatching on exactly the TC-penalised latents, and the
 * two panels side by side with their titles and plates. Then `vaec diagram` end to end.
 */

const root = resolve(import.meta.dirname, "..");
const exampleFiles = readdirSync(join(root, "examples"))
  .filter((name) => name.endsWith(".vae"))
  .sort();

// ---------------------------------------------------------------- hand-made IR fixtures

const span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
type FactorSpec = [target: string, given: string[]];
type PenaltySpec = {
  [K in Penalty["kind"]]: Omit<Extract<Penalty, { kind: K }>, "span">;
}[Penalty["kind"]];

/** A ModelIR with just what a diagram reads filled in meaningfully; the rest is inert. */
function makeIr(spec: {
  name: string;
  latents: Array<[string, number]>;
  p: FactorSpec[];
  q: FactorSpec[];
  penalties?: PenaltySpec[];
  data?: string;
  shape?: number[];
}): ModelIR {
  const data = spec.data ?? "x";
  const shape = spec.shape ?? [64, 64];
  const factor =
    (model: "p" | "q") =>
    ([target, given]: FactorSpec): ModelIR["generative"][number] => ({
      id: `${model}.${target}`,
      model,
      target,
      given,
      role:
        model === "q"
          ? "posterior"
          : target === data
            ? "likelihood"
            : given.length > 0
              ? "conditional-prior"
              : "prior",
      distribution:
        target === data ? { kind: "bernoulli" } : { kind: "normal", parameterisation: "logvar" },
      network: null,
      inputWidth: 0,
      outputWidth: 0,
      span,
    });
  return {
    version: 1,
    name: spec.name,
    source: { file: `${spec.name}.vae`, sha256: "" },
    family: { name: "custom", reason: "a test fixture" },
    data: {
      name: data,
      kind: "binary",
      shape,
      size: shape.reduce((a, b) => a * b, 1),
      range: [0, 1],
      span,
    },
    latents: spec.latents.map(([name, dims], i) => ({ name, dims, layer: i + 1, span })),
    params: {},
    generative: spec.p.map(factor("p")),
    inference: spec.q.map(factor("q")),
    penalties: (spec.penalties ?? []).map((p) => ({ ...p, span }) as Penalty),
    train: {} as ModelIR["train"],
    attack: {} as ModelIR["attack"],
    sweeps: [],
    paramCount: 0,
    hash: "",
  };
}

const fixtures: ModelIR[] = [
  makeIr({
    name: "Seatbelt",
    latents: [
      ["z1", 32],
      ["z2", 16],
    ],
    p: [
      ["z2", []],
      ["z1", ["z2"]],
      ["x", ["z1", "z2"]],
    ],
    q: [
      ["z1", ["x"]],
      ["z2", ["z1", "x"]],
    ],
    penalties: [{ kind: "tc", latent: "z2", beta: 2, estimator: "mss" }],
  }),
  // Several marks at once, including two on one latent, and a top-down posterior.
  makeIr({
    name: "Marked",
    latents: [
      ["z1", 32],
      ["z2", 16],
      ["z3", 8],
    ],
    p: [
      ["z3", []],
      ["z2", ["z3"]],
      ["z1", ["z2"]],
      ["x", ["z1", "z2", "z3"]],
    ],
    q: [
      ["z3", ["x"]],
      ["z2", ["z3", "x"]],
      ["z1", ["z2", "x"]],
    ],
    penalties: [
      { kind: "tc", latent: "z3", beta: 4, estimator: "mws" },
      { kind: "kl", latent: "z3", beta: 2 },
      { kind: "tc", latent: "z2", beta: 3, estimator: "mss" },
      { kind: "free-bits", latent: "z1", lambda: 0.5 },
    ],
  }),
  // Names without layer indices, 3-channel data, a beta-VAE mark.
  makeIr({
    name: "Named",
    data: "image",
    shape: [3, 32, 32],
    latents: [
      ["content", 10],
      ["style_top", 4],
    ],
    p: [
      ["style_top", []],
      ["content", []],
      ["image", ["content", "style_top"]],
    ],
    q: [
      ["content", ["image"]],
      ["style_top", ["image", "content"]],
    ],
    penalties: [{ kind: "kl", latent: "content", beta: 6 }],
  }),
];

// ---------------------------------------------------------------- reading the SVG back

interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  preserveOrder: true,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
});

function toElements(nodes: unknown[]): Element[] {
  const out: Element[] = [];
  for (const node of nodes as Array<Record<string, unknown>>) {
    const tag = Object.keys(node).find((key) => key !== ":@");
    if (tag === undefined) continue;
    if (tag === "#text") {
      out.push({ tag, attrs: {}, children: [], text: String(node[tag]) });
      continue;
    }
    const children = toElements((node[tag] as unknown[]) ?? []);
    out.push({
      tag,
      attrs: (node[":@"] as Record<string, string>) ?? {},
      children,
      text: children.map((c) => c.text).join(""),
    });
  }
  return out;
}

function descendants(element: Element): Element[] {
  return element.children.flatMap((child) => [child, ...descendants(child)]);
}

function parseSvg(svg: string): Element {
  const valid = XMLValidator.validate(svg);
  expect(valid).toBe(true);
  const svgElement = toElements(parser.parse(svg) as unknown[]).find((e) => e.tag === "svg");
  expect(svgElement).toBeDefined();
  return svgElement as Element;
}

function groupsWithClass(svg: Element, cls: string): Element[] {
  return descendants(svg).filter(
    (e) => e.tag === "g" && (e.attrs.class ?? "").split(/\s+/).includes(cls),
  );
}

function centre(node: Element): { x: number; y: number } {
  const ellipse = node.children.find((c) => c.tag === "ellipse");
  expect(ellipse, `node ${node.attrs.id} has an ellipse`).toBeDefined();
  return { x: Number(ellipse?.attrs.cx), y: Number(ellipse?.attrs.cy) };
}

function variablesOf(factors: ModelIR["generative"]): string[] {
  return [...new Set(factors.flatMap((f) => [f.target, ...f.given]))].sort();
}

/** The properties every diagram must have, checked against the IR it was drawn from. */
function checkDiagram(ir: ModelIR, svgText: string): void {
  const svg = parseSvg(svgText);
  const nodes = groupsWithClass(svg, "vaec-node");
  const byId = new Map(nodes.map((n) => [n.attrs.id, n]));

  // One node per variable in each panel.
  const expectedNodes = [
    ...variablesOf(ir.generative).map((v) => `p.${v}`),
    ...variablesOf(ir.inference).map((v) => `q.${v}`),
  ].sort();
  expect([...byId.keys()].sort()).toEqual(expectedNodes);
  expect(variablesOf(ir.generative)).toEqual(
    [ir.data.name, ...ir.latents.map((l) => l.name)].sort(),
  );

  // The observed variable is shaded, the latents are not.
  for (const model of ["p", "q"]) {
    const x = byId.get(`${model}.${ir.data.name}`) as Element;
    expect(x.attrs.class).toContain("vaec-observed");
    const fill = x.children.find((c) => c.tag === "ellipse")?.attrs.fill;
    expect(fill).not.toBe("white");
    for (const latent of ir.latents) {
      const node = byId.get(`${model}.${latent.name}`) as Element;
      expect(node.attrs.class).toContain("vaec-latent");
      expect(node.children.find((c) => c.tag === "ellipse")?.attrs.fill).toBe("white");
    }
  }

  // One arrow per dependency, its head at the child.
  const edges = groupsWithClass(svg, "vaec-edge");
  const expectedEdges = [...ir.generative, ...ir.inference]
    .flatMap((f) => f.given.map((g) => `${f.model}.${g}.${f.target}`))
    .sort();
  expect(edges.map((e) => e.attrs.id).sort()).toEqual(expectedEdges);
  for (const edge of edges) {
    const [model, parent, child] = edge.attrs.id.split(".");
    const head = edge.children.find((c) => c.tag === "polygon");
    expect(head, `edge ${edge.attrs.id} has an arrowhead`).toBeDefined();
    const points = (head?.attrs.points ?? "")
      .trim()
      .split(/\s+/)
      .map((p) => p.split(",").map(Number));
    const tip = {
      x: points.reduce((s, p) => s + p[0], 0) / points.length,
      y: points.reduce((s, p) => s + p[1], 0) / points.length,
    };
    const toChild = distance(tip, centre(byId.get(`${model}.${child}`) as Element));
    const toParent = distance(tip, centre(byId.get(`${model}.${parent}`) as Element));
    expect(toChild, `arrow ${edge.attrs.id} points at its child`).toBeLessThan(toParent);
  }

  // Hatching on exactly the TC-penalised latents, stippling on exactly the KL-penalised ones.
  for (const [kind, pattern] of [
    ["tc", PATTERN_IDS.tc],
    ["kl", PATTERN_IDS.kl],
  ] as const) {
    const marked = ir.penalties.filter((p) => p.kind === kind).map((p) => p.latent);
    const expected = [...new Set(marked)].flatMap((v) => [`p.${v}`, `q.${v}`]).sort();
    const painted = nodes
      .filter((n) => descendants(n).some((e) => e.attrs.fill === `url(#${pattern})`))
      .map((n) => n.attrs.id)
      .sort();
    expect(painted, `${kind} pattern`).toEqual(expected);
    if (expected.length > 0) {
      const defined = descendants(svg).some((e) => e.tag === "pattern" && e.attrs.id === pattern);
      expect(defined, `${pattern} is defined`).toBe(true);
    }
  }

  // Side by side: the generative panel left of the inference panel, rows aligned.
  const xs = (model: string) =>
    nodes.filter((n) => n.attrs.id.startsWith(`${model}.`)).map((n) => centre(n).x);
  expect(Math.max(...xs("p"))).toBeLessThan(Math.min(...xs("q")));
  for (const v of variablesOf(ir.generative)) {
    const left = byId.get(`p.${v}`);
    const right = byId.get(`q.${v}`);
    if (left && right) expect(centre(left).y).toBeCloseTo(centre(right).y, 1);
  }

  // Titles, plates labelled N, and a legend naming what is drawn.
  const panelTitles = groupsWithClass(svg, "vaec-panel").map((g) =>
    g.children
      .find((c) => c.tag === "text")
      ?.text.replace(/\s+/g, " ")
      .trim(),
  );
  expect(panelTitles).toEqual(["generative p", "inference q"]);
  const plates = groupsWithClass(svg, "vaec-plate");
  expect(plates).toHaveLength(2);
  for (const plate of plates) {
    expect(plate.children.some((c) => c.tag === "path" || c.tag === "polygon")).toBe(true);
    expect(plate.text).toContain("N");
  }
  const legend = descendants(svg).find((e) => e.tag === "g" && e.attrs.id === "legend");
  expect(legend).toBeDefined();
  const legendText = legend?.text ?? "";
  expect(legendText).toContain("observed data");
  expect(legendText.includes("TC penalty")).toBe(ir.penalties.some((p) => p.kind === "tc"));
  expect(legendText.includes("KL penalty")).toBe(ir.penalties.some((p) => p.kind === "kl"));
  expect(legendText.includes("free bits")).toBe(ir.penalties.some((p) => p.kind === "free-bits"));
}

function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

// ---------------------------------------------------------------- the tests

describe("plate diagram of hand-made IRs", () => {
  it.each(fixtures.map((ir) => [ir.name, ir] as const))("%s", async (_, ir) => {
    checkDiagram(ir, await renderDiagramSvg(ir));
  });

  it("writes DOT with both panels and one statement per arrow", () => {
    const dot = diagramToDot(fixtures[0]);
    expect(dot).toMatch(/^digraph "Seatbelt" \{/);
    expect(dot).toContain('subgraph "cluster_p"');
    expect(dot).toContain('subgraph "cluster_q"');
    expect(dot.match(/class="vaec-edge"/g)).toHaveLength(6);
    // The inference arrow x -> z1 climbs, so it is written reversed with dir=back.
    expect(dot).toContain('"q.z1" -> "q.x" [id="q.x.z1", class="vaec-edge", dir=back]');
  });
});

describe("plate diagram of every example", () => {
  it("has examples", () => expect(exampleFiles.length).toBeGreaterThan(3));

  it.each(exampleFiles)("%s", async (name) => {
    const path = join("examples", name);
    const { result, diagnostics } = compileSource({
      path,
      text: readFileSync(join(root, path), "utf8"),
    });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    checkDiagram(result?.ir as ModelIR, await renderDiagramSvg(result?.ir as ModelIR));
  });
});

describe("vaec diagram", () => {
  const run = promisify(execFile);
  const vaec = vaecBin;
  const dir = mkdtempSync(join(tmpdir(), "vaec-diagram-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes an SVG where -o says and says where", async () => {
    const out = join(dir, "seatbelt.svg");
    const { stdout } = await run("node", [vaec, "diagram", "examples/seatbelt.vae", "-o", out], {
      cwd: root,
    });
    expect(stdout).toBe(`wrote ${out}\n`);
    expect(XMLValidator.validate(readFileSync(out, "utf8"))).toBe(true);
  });

  it("renders a PNG when -o ends in .png", async () => {
    const out = join(dir, "tcdlgm.png");
    await run("node", [vaec, "diagram", "examples/tcdlgm.vae", "-o", out], { cwd: root });
    const png = readFileSync(out);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    expect(png.length).toBeGreaterThan(10_000);
  });

  it("prints DOT to standard output", async () => {
    const { stdout } = await run(
      "node",
      [vaec, "diagram", "examples/seatbelt.vae", "--format", "dot"],
      {
        cwd: root,
      },
    );
    expect(stdout).toMatch(/^digraph /);
    expect(stdout).toContain('"p.z2" -> "p.z1"');
  });

  it("writes into the current folder, not next to the spec, when no -o is given", async () => {
    const specs = join(dir, "specs");
    const work = join(dir, "work");
    mkdirSync(specs);
    mkdirSync(work);
    const spec = join(specs, "vae.vae");
    copyFileSync(join(root, "examples/vae.vae"), spec);
    const { stdout } = await run("node", [vaec, "diagram", spec], { cwd: work });
    expect(stdout).toBe("wrote vae.svg\n");
    expect(existsSync(join(work, "vae.svg"))).toBe(true);
    expect(existsSync(join(specs, "vae.svg"))).toBe(false);
  });

  it("--json prints one document saying where it wrote", async () => {
    const out = join(dir, "json.svg");
    const { stdout } = await run(
      "node",
      [vaec, "diagram", "examples/vae.vae", "-o", out, "--json"],
      { cwd: root },
    );
    expect(JSON.parse(stdout)).toEqual({
      ok: true,
      command: "diagram",
      result: { path: out, format: "svg" },
      diagnostics: [],
    });
  });

  it("shows the spec's errors and writes nothing when it does not compile", async () => {
    const spec = join(dir, "broken.vae");
    writeFileSync(
      spec,
      "model M {\n  data x : binary[4]\n  latent z : 2\n  p(z) = Normal(0, 1)\n}\n",
    );
    const failure = await run("node", [vaec, "diagram", spec], { cwd: root }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toMatch(/error\[VAE\d{3}\]/);
    expect(existsSync(join(dir, "broken.svg"))).toBe(false);
  });

  it("rejects an unknown format as a usage error", async () => {
    const failure = await run(
      "node",
      [vaec, "diagram", "examples/seatbelt.vae", "--format", "pdf"],
      {
        cwd: root,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect((failure as { code: number }).code).toBe(2);
  });
});
