import { Graphviz } from "@hpcc-js/wasm-graphviz";
import type { ModelIR } from "../ir.js";
import { decorateDiagramSvg } from "./decorate-svg.js";
import { plateDiagramToDot } from "./diagram-dot.js";
import { buildPlateDiagram } from "./plate-model.js";

/*
 * Graphviz compiled to WebAssembly: a real layout engine that runs in Node and in a browser
 * alike, so the compiler stays free of native code. Loaded once, on first use.
 */

let graphviz: Promise<Graphviz> | undefined;

/** The plate diagram of a compiled model as DOT text. */
export function diagramToDot(ir: ModelIR): string {
  return plateDiagramToDot(buildPlateDiagram(ir));
}

/** The plate diagram laid out by Graphviz, with hatching and a legend, as SVG text. */
export async function renderDiagramSvg(ir: ModelIR): Promise<string> {
  const diagram = buildPlateDiagram(ir);
  graphviz ??= Graphviz.load();
  const svg = (await graphviz).dot(plateDiagramToDot(diagram), "svg");
  return decorateDiagramSvg(svg, diagram);
}
