import { util, type AstPath, type Doc } from "prettier";
import type { AnyNode, Comment } from "@vaec/dsl";

/*
 * Comments go through prettier's own machinery (attach to the nearest node, print as leading,
 * trailing or dangling), which guarantees none is lost. The few hooks below keep comments that
 * sit right after a block's `{`, or inside an empty block, in the block instead of letting them
 * drift to a neighbour.
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

export function isVaeComment(node: unknown): node is Comment {
  return (node as { kind?: string } | null)?.kind === "Comment";
}

export function canAttachComment(node: unknown): boolean {
  const kind = (node as { kind?: unknown } | null)?.kind;
  return typeof kind === "string" && kind !== "Comment" && kind !== "Program";
}

export function printComment(path: AstPath): Doc {
  const comment = path.node as Comment;
  return `#${comment.text.trimEnd()}`;
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
  return value !== null && typeof value === "object" && typeof (value as { kind?: unknown }).kind === "string";
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

export const handleComments = {
  ownLine: (comment: AttachedComment, text: string) => handleBlockComment(comment, text),
  endOfLine: (comment: AttachedComment, text: string) => handleBlockComment(comment, text),
  remaining: (comment: AttachedComment, text: string) => handleBlockComment(comment, text),
};
