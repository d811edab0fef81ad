import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput } from "@codemirror/language";
import { lintGutter } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import type { SpecAnalysis } from "../compile/analyse-spec.js";
import { vaeHighlighting } from "./vae-highlight.js";
import { vaeLinter } from "./vae-lint.js";

export interface EditorOptions {
  parent: HTMLElement;
  text: string;
  analyse: (text: string) => Promise<SpecAnalysis>;
  onAnalysis: (text: string, analysis: SpecAnalysis) => void;
  onChange: (text: string) => void;
  /** Mod-Shift-f (the page's Format button does the same). */
  onFormat: () => void;
}

/** The spec editor: CodeMirror 6 with the `.vae` highlighting and live diagnostics. */
export function createEditor(options: EditorOptions): EditorView {
  return new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        EditorState.tabSize.of(2),
        keymap.of([
          { key: "Mod-Shift-f", run: () => (options.onFormat(), true) },
          indentWithTab,
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        vaeHighlighting,
        vaeLinter(options.analyse, options.onAnalysis),
        lintGutter(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ "aria-label": ".vae spec" }),
      ],
    }),
  });
}

/** Replaces the whole text (an example, a formatted version), as one undoable change. */
export function setEditorText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
