export { buildPlateDiagram } from "./plate-model.js";
export type { NodeMark, PlateDiagram, PlateEdge, PlateNode, PlatePanel } from "./plate-model.js";
export { plateDiagramToDot } from "./diagram-dot.js";
export { PATTERN_IDS } from "./diagram-style.js";
export { diagramToDot, renderDiagram, renderDiagramSvg } from "./render-diagram.js";
export type { DiagramFormat } from "./render-diagram.js";
