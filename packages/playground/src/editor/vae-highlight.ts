import { RangeSetBuilder } from "@codemirror/state";
import {
  Decoration,
  ViewPlugin,
  type DecorationSet,
  type EditorView,
  type ViewUpdate,
} from "@codemirror/view";
import { classifyTokens } from "./token-classes.js";

/*
 * The `.vae` highlighting as a view plugin: the whole document is lexed again on each change
 * (specs are a screen or two; chevrotain lexes one in well under a millisecond) and every token
 * gets a `vae-<class>` mark styled by style.css.
 */

const marks = new Map<string, Decoration>();
function markFor(cls: string): Decoration {
  let mark = marks.get(cls);
  if (!mark) marks.set(cls, (mark = Decoration.mark({ class: `vae-${cls}` })));
  return mark;
}

function decorate(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const range of classifyTokens(view.state.doc.toString())) {
    if (range.to > range.from) builder.add(range.from, range.to, markFor(range.cls));
  }
  return builder.finish();
}

export const vaeHighlighting = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view);
    }
    update(update: ViewUpdate) {
      if (update.docChanged) this.decorations = decorate(update.view);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);
