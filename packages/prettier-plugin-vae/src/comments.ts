import { util, type AstPath, type Doc } from "prettier";
import type { AnyNode, Comment } from "@vaec/dsl";

/*
 * Comments go through prettier's own machinery (attach to the nearest node, print as leading,
 * trailing or dangling), which guarantees none is lost. The hooks below keep a comment that sits
 * right after a block's `{`, or inside an empty block, in that block, and move a comment from
 * inside a line (say between a setting's name and its value) to the end of that line.
 */

/** A comment as prettier decorates it while attaching. */
export interface AttachedComment extends Comment {
  leading?: boolean;
  trailing?: boolean;
  marker?: string;
  placement?: "ownLine" | "endOfLine" | "remaining";
  enclosingNode?: AnyNode;
  precedingNode?: AnyNode;
  followingNode?: AnyNode;
}

/** Nodes with comments attached by prettier. */
export type WithComments<T> = T & { comments?: AttachedComment[] };

/** Marks a comment on the same line as a block's `{`, printed right after it. */
export const AFTER_BRACE = "after-brace";

const blockKinds = new Set(["ModelDecl", "TrainBlock", "AttackBlock"]);

export function canAttachComment(node: unknown): boolean {
  const kind = (node as { kind?: unknown } | null)?.kind;
  return typeof kind === "string" && kind !== "Comment" && kind !== "Program";
}

/** A comment as printed: its text as written, without trailing blanks. */
export function commentText(comment: Comment): string {
  return `#${comment.text.trimEnd()}`;
}

export function printComment(path: AstPath): Doc {
  return commentText(path.node as Comment);
}

/** The child nodes of each kind, in source order. Spans are positions, not nodes. */
export function getVisitorKeys(node: unknown, nonTraversableKeys: Set<string>): string[] {
  if (node === null || typeof node !== "object") return [];
  return Object.keys(node).filter((key) => {
    if (nonTraversableKeys.has(key) || key === "span" || key === "headSpan" || key === "comments") {
      return false;
    }
    const value = (node as Record<string, unknown>)[key];
    if (Array.isArray(value)) return value.some(isNode);
    return isNode(value);
  });
}

function isNode(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { kind?: unknown }).kind === "string"
  );
}

/** The block has nothing before the comment but its name (or nothing at all). */
function isAtBlockStart(comment: AttachedComment): boolean {
  const block = comment.enclosingNode;
  if (block === undefined || !blockKinds.has(block.kind)) return false;
  const preceding = comment.precedingNode;
  return preceding === undefined || (block.kind === "ModelDecl" && preceding === block.name);
}

function handleBlockComment(comment: AttachedComment, text: string): boolean {
  const block = comment.enclosingNode;
  if (block === undefined || !isAtBlockStart(comment)) return false;
  const before = text.slice(block.span.start.offset, comment.span.start.offset);
  const sameLineAsBrace = /\{[ \t]*$/.test(before);
  if (sameLineAsBrace) {
    util.addDanglingComment(block, comment, AFTER_BRACE);
    return true;
  }
  if (comment.followingNode === undefined) {
    util.addDanglingComment(block, comment, undefined);
    return true;
  }
  return false;
}

/*
 * The printer can break a line only between the elements of a list: program items, model
 * members, block and penalty settings, list items, arguments and shape dimensions. A comment
 * anywhere else (between a setting's name and its value, inside a factor's head, inside an
 * arithmetic expression) would be printed mid-line, where it could swallow the code after it or
 * merge with another comment; such a comment goes after the innermost list element around it.
 */
function listElements(node: AnyNode): readonly AnyNode[] {
  switch (node.kind) {
    case "Program":
      return node.items;
    case "ModelDecl":
      return node.members;
    case "TrainBlock":
    case "AttackBlock":
    case "PenaltyDecl":
      return node.settings;
    case "List":
      return node.items;
    case "Call":
    case "Network":
    case "Distribution":
      return node.args;
    case "DataDecl":
      return node.shape;
    case "SweepDecl":
      return node.axes;
    default:
      return [];
  }
}

/** Whether the comment sits among the elements of its enclosing node, where a line may break. */
function isAmongElements(comment: AttachedComment, block: AnyNode): boolean {
  if (block.kind === "Program" || block.kind === "List") return true;
  if (blockKinds.has(block.kind)) return true;
  const elements = listElements(block);
  const touches = (node: AnyNode | undefined) => node !== undefined && elements.includes(node);
  return touches(comment.precedingNode) || touches(comment.followingNode);
}

/** The chain of nodes from the root down to `target`, or undefined if it is not in the tree. */
function ancestry(root: AnyNode, target: AnyNode): AnyNode[] | undefined {
  if (root === target) return [root];
  for (const key of getVisitorKeys(root, new Set())) {
    const value = (root as unknown as Record<string, unknown>)[key];
    for (const child of Array.isArray(value) ? value : [value]) {
      if (!isNode(child)) continue;
      const chain = ancestry(child as AnyNode, target);
      if (chain) return [root, ...chain];
    }
  }
  return undefined;
}

function handleInlineComment(comment: AttachedComment, ast: AnyNode): boolean {
  const enclosing = comment.enclosingNode;
  if (enclosing === undefined || isAmongElements(comment, enclosing)) return false;
  const chain = ancestry(ast, enclosing);
  if (chain === undefined) return false;
  for (let i = chain.length - 1; i > 0; i--) {
    const parent = chain[i - 1];
    const elements = listElements(parent);
    if (!elements.includes(chain[i])) continue;
    // A penalty has no closing bracket: after its last setting is after the penalty itself.
    const last = parent.kind === "PenaltyDecl" && elements.at(-1) === chain[i];
    util.addTrailingComment(last ? parent : chain[i], comment);
    return true;
  }
  return false;
}

type Handler = (comment: AttachedComment, text: string, options: unknown, ast: AnyNode) => boolean;

const handle: Handler = (comment, text, _options, ast) =>
  handleBlockComment(comment, text) || handleInlineComment(comment, ast);

export const handleComments = { ownLine: handle, endOfLine: handle, remaining: handle };
