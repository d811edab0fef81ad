import { doc, type AstPath, type Doc, type ParserOptions } from "prettier";
import type { AnyNode, ModelMember, Program, Setting, TopLevel } from "@vaec/dsl";
import { AFTER_BRACE, commentText, type AttachedComment, type WithComments } from "./comments.js";
import { alignLines, hasBlankLineBetween } from "./layout.js";
import { printDelimited, printExpression, type Print } from "./print-expression.js";

const { breakParent, group, hardline, ifBreak, indent, join, line, lineSuffix } = doc.builders;

/** The plugin's own options (declared in plugin.ts). */
interface VaeOptions extends ParserOptions {
  vaeAlign?: boolean;
}

/*
 * Canonical layout: one item per line; model bodies always broken and indented by two spaces;
 * `train { }` and `attack { }` inline when they fit the print width, else one setting per line;
 * `=` aligned across consecutive factors (and params), `:` across consecutive declarations;
 * the author's blank lines kept, at most one in a row; numbers and strings exactly as written.
 */
export function printVae(path: AstPath, options: VaeOptions, print: Print): Doc {
  const node = path.node as AnyNode;
  switch (node.kind) {
    case "Program":
      return printProgram(path, options, print);
    case "ModelDecl":
      return ["model ", print("name"), " ", printModelBody(path, options, print)];
    case "TrainBlock":
    case "AttackBlock":
      return [
        node.kind === "TrainBlock" ? "train " : "attack ",
        printSettingsBlock(path, options, print),
      ];
    case "SweepDecl":
      // Axes on one line when they fit, else one per line under the first (one axis as before:
      // only its list breaks).
      return node.axes.length === 1
        ? ["sweep ", print(["axes", 0])]
        : group(["sweep ", indent(join([",", line], path.map(print, "axes")))]);
    case "SweepAxis":
      return [node.block ? [print("block"), "."] : "", print("name"), " in ", print("values")];
    case "ParamDecl":
      return ["param ", print("name"), pad(path), " = ", print("value")];
    case "DataDecl":
      return [
        "data",
        keywordPad(path),
        " ",
        print("name"),
        pad(path),
        " : ",
        print("type"),
        printDelimited("[", path.map(print, "shape"), "]"),
        node.range ? [" in ", print("range")] : "",
      ];
    case "LatentDecl":
      return ["latent", keywordPad(path), " ", print("name"), pad(path), " : ", print("dims")];
    case "FactorDecl":
      return [
        print("model"),
        "(",
        print("target"),
        node.given.length > 0 ? [" | ", join(", ", path.map(print, "given"))] : "",
        ")",
        pad(path),
        " = ",
        print("distribution"),
      ];
    case "Distribution":
      return [print("name"), printDelimited("(", path.map(print, "args"), ")")];
    case "PenaltyDecl":
      return group([
        "penalize ",
        print("penalty"),
        "(",
        print("target"),
        ")",
        node.settings.length > 0
          ? [" with", indent([line, join([",", line], path.map(print, "settings"))])]
          : "",
      ]);
    case "Setting":
    case "Argument":
      return node.name ? [print("name"), " = ", print("value")] : print("value");
    case "Identifier":
      return node.name;
    case "Comment":
      return commentText(node);
    default:
      return printExpression(path, print);
  }
}

/** Paddings computed by the parent list (see `printLines`), looked up by node. */
const paddings = new WeakMap<object, { keywordPad: number; namePad: number }>();

function pad(path: AstPath): string {
  return " ".repeat(paddings.get(path.node)?.namePad ?? 0);
}

function keywordPad(path: AstPath): string {
  return " ".repeat(paddings.get(path.node)?.keywordPad ?? 0);
}

function printProgram(path: AstPath, options: VaeOptions, print: Print): Doc {
  const program = path.node as WithComments<Program>;
  const parts: Doc[] = [];
  const dangling = printDangling(path, options, (c) => c.marker === undefined);
  if (dangling.length > 0) parts.push(dangling, hardline);
  if (program.items.length > 0) {
    parts.push(printLines(path, options, print, "items", program.items, true), hardline);
  }
  return parts;
}

/** Items one per line, keeping at most one blank line where the author left any. */
function printLines(
  path: AstPath,
  options: VaeOptions,
  print: Print,
  key: "items" | "members",
  items: ReadonlyArray<TopLevel | ModelMember>,
  align: boolean,
): Doc {
  const text = options.originalText;
  const pads = alignLines(text, items, align && options.vaeAlign !== false);
  items.forEach((item, i) => paddings.set(item, pads[i]));
  const parts: Doc[] = [];
  path.each((childPath, i) => {
    if (i > 0) {
      parts.push(hardline);
      if (hasBlankLineBetween(text, items[i - 1], items[i])) parts.push(hardline);
    }
    parts.push(print());
  }, key);
  return parts;
}

/** `{ ... }` of a model: always broken. */
function printModelBody(path: AstPath, options: VaeOptions, print: Print): Doc {
  const node = path.node as WithComments<AnyNode> & { members: ModelMember[] };
  const afterBrace = printAfterBrace(path, options);
  const inside = printDangling(path, options, (c) => c.marker === undefined);
  const body: Doc[] = [];
  if (inside.length > 0) body.push(inside);
  if (node.members.length > 0)
    body.push(printLines(path, options, print, "members", node.members, true));
  if (body.length === 0) return afterBrace.length > 0 ? ["{", afterBrace, hardline, "}"] : "{}";
  return ["{", afterBrace, indent([hardline, join(hardline, body)]), hardline, "}"];
}

/** `train { ... }` / `attack { ... }`: inline when it fits, else one setting per line. */
function printSettingsBlock(path: AstPath, options: VaeOptions, print: Print): Doc {
  const node = path.node as WithComments<AnyNode> & { settings: Setting[] };
  const text = options.originalText;
  const afterBrace = printAfterBrace(path, options);
  const inside = printDangling(path, options, (c) => c.marker === undefined);
  if (node.settings.length === 0) {
    if (inside.length === 0) return afterBrace.length > 0 ? ["{", afterBrace, hardline, "}"] : "{}";
    return ["{", afterBrace, indent([hardline, inside]), hardline, "}"];
  }
  const parts: Doc[] = [];
  path.each((_, i) => {
    if (i > 0) {
      const blank = hasBlankLineBetween(text, node.settings[i - 1], node.settings[i]);
      parts.push(blank ? [hardline, hardline] : [ifBreak("", ","), line]);
    }
    parts.push(print());
  }, "settings");
  const leading = inside.length > 0 ? [inside, hardline] : "";
  return group(["{", afterBrace, indent([line, leading, parts]), line, "}"]);
}

/** A comment on the same line as a block's `{`: kept there, which breaks the block. */
function printAfterBrace(path: AstPath, options: VaeOptions): Doc[] {
  const printed = printDangling(path, options, (c) => c.marker === AFTER_BRACE, true);
  return printed.length > 0 ? [...printed, breakParent] : [];
}

/** Dangling comments (attached to a node but neither before nor after it): one per line. */
function printDangling(
  path: AstPath,
  options: VaeOptions,
  filter: (c: AttachedComment) => boolean,
  asSuffix = false,
): Doc[] {
  const node = path.node as WithComments<AnyNode>;
  const chosen = (node.comments ?? []).filter((c) => !c.leading && !c.trailing && filter(c));
  if (chosen.length === 0) return [];
  const parts: Doc[] = [];
  let previous: AttachedComment | undefined;
  path.each((commentPath) => {
    const comment = commentPath.node as AttachedComment;
    if (!chosen.includes(comment)) return;
    (comment as { printed?: boolean }).printed = true;
    const printed = commentText(comment);
    if (asSuffix) {
      parts.push(lineSuffix([" ", printed]));
    } else {
      if (previous !== undefined) {
        parts.push(hardline);
        if (hasBlankLineBetween(options.originalText, previous, comment)) parts.push(hardline);
      }
      parts.push(printed);
    }
    previous = comment;
  }, "comments");
  return parts;
}
