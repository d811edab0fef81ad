export { buildPlateDiagram } from "./plate-model.js";
export type { NodeMark, PlateDiagram, PlateEdge, PlateNode, PlatePanel } from "./plate-model.js";
export { plateDiagramToDot } from "./diagram-dot.js";
export { PATTERN_IDS } from "./diagram-style.js";
export { diagramToDot, renderDiagramSvg } from "./render-diagram.js";
