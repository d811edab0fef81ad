import "./style.css";
import "temml/dist/Temml-Local.css";
import { spriteSide, MIN_SPRITE_SIDE, type ModelIR } from "@vaec/compiler";
import type { SpecAnalysis } from "./compile/analyse-spec.js";
import { CompileClient } from "./compile/compile-client.js";
import { createEditor, setEditorText } from "./editor/create-editor.js";
import { formatSpec } from "./editor/format-spec.js";
import { EXAMPLES, DEFAULT_SPEC } from "./examples.js";
import { decodeSpecFragment, encodeSpecFragment } from "./share/url-codec.js";
import { renderMaths } from "./views/maths-view.js";
import { renderModel } from "./views/model-view.js";
import { TrainPanel } from "./train/train-panel.js";
import { AttackControls } from "./attack/attack-controls.js";

/*
 * The page: the editor on the left; the model, plate diagram and objectives beside it, redrawn
 * from each analysis the compile worker returns; training and attacks below, on the last spec
 * that compiled.
 */

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const compiler = new CompileClient();
let lastIr: ModelIR | undefined;

function showAnalysis(analysis: SpecAnalysis): void {
  renderModel(byId("model"), analysis.summary, analysis.diagnostics);
  const diagram = byId("diagram");
  const maths = byId("maths");
  const stale = !analysis.ir;
  diagram.classList.toggle("stale", stale);
  maths.classList.toggle("stale", stale);
  if (!analysis.ir) return;
  if (analysis.diagramSvg) diagram.innerHTML = analysis.diagramSvg;
  else
    diagram.textContent = `The diagram could not be drawn: ${analysis.diagramError ?? "unknown"}`;
  renderMaths(maths, analysis.objectives ?? []);
  lastIr = analysis.ir;
  train.setSpec(analysis.ir, trainableSide(analysis.ir));
}

/** The sprite side the page can train this spec on, or why it cannot. */
function trainableSide(ir: ModelIR): number | string {
  const side = spriteSide(ir.data.shape);
  if (ir.data.kind !== "binary" || side === undefined) {
    return `the page trains on sprites: declare the data as binary[S, S] with S >= ${MIN_SPRITE_SIDE}`;
  }
  return side;
}

const initial = decodeSpecFragment(location.hash) ?? DEFAULT_SPEC;
const editor = createEditor({
  parent: byId("editor"),
  text: initial,
  analyse: (text) => compiler.analyse(text),
  onAnalysis: (text, analysis) => {
    if (text === editor.state.doc.toString()) showAnalysis(analysis);
  },
  onChange: () => byId("share-status").replaceChildren(),
  onFormat: () => void format(),
});

async function format(): Promise<void> {
  const text = editor.state.doc.toString();
  try {
    const formatted = await formatSpec(text);
    if (formatted !== text) setEditorText(editor, formatted);
  } catch {
    // A spec that does not parse cannot be formatted; its diagnostics already say why.
    byId("share-status").textContent = "fix the syntax errors to format";
  }
}

const examples = byId<HTMLSelectElement>("examples");
for (const [i, example] of EXAMPLES.entries()) examples.add(new Option(example.name, String(i)));
if (initial !== DEFAULT_SPEC) examples.add(new Option("(from the link)", "link", true, true));
examples.onchange = () => {
  const example = EXAMPLES[Number(examples.value)];
  if (example) setEditorText(editor, example.text);
};
byId("format").onclick = () => void format();
byId("share").onclick = async () => {
  const url = `${location.href.split("#")[0]}${encodeSpecFragment(editor.state.doc.toString())}`;
  history.replaceState(null, "", url);
  const status = byId("share-status");
  try {
    await navigator.clipboard.writeText(url);
    status.textContent = "link copied";
  } catch {
    status.textContent = "link in the address bar";
  }
};
window.addEventListener("hashchange", () => {
  const spec = decodeSpecFragment(location.hash);
  if (spec !== undefined && spec !== editor.state.doc.toString()) setEditorText(editor, spec);
});

const train = new TrainPanel(byId("backend"), () => attack.trained(train.session));
const attack = new AttackControls(
  () => train.session,
  () => lastIr,
);
