import { util } from "prettier";
import type { AnyNode, ModelMember, TopLevel } from "@vaec/dsl";
import type { WithComments } from "./comments.js";

/*
 * Layout decisions that depend on the original text: where the author left blank lines, and
 * which consecutive lines form a group whose `=` (or `:`) line up.
 */

/** Where a node starts or ends once its own leading and trailing comments are counted. */
function outerStart(node: WithComments<AnyNode>): number {
  let start = node.span.start.offset;
  for (const comment of node.comments ?? []) {
    if (comment.leading) start = Math.min(start, comment.span.start.offset);
  }
  return start;
}

function outerEnd(node: WithComments<AnyNode>): number {
  let end = node.span.end.offset;
  for (const comment of node.comments ?? []) {
    if (comment.trailing) end = Math.max(end, comment.span.end.offset);
  }
  return end;
}

/** True when the author left at least one empty line between two neighbouring nodes. */
export function hasBlankLineBetween(text: string, before: AnyNode, after: AnyNode): boolean {
  const gap = text.slice(outerEnd(before), outerStart(after));
  return /\n[ \t]*\r?\n/.test(gap);
}

type Line = TopLevel | ModelMember;

/** What part of a line takes part in alignment, and how wide it is. */
export interface AlignedLine {
  /** Columns to pad after the keyword (`data` next to `latent`). */
  keywordPad: number;
  /** Columns to pad after the name or head, before `=` or `:`. */
  namePad: number;
}

/** The family a line aligns with: runs of one family, unbroken by blank lines, align. */
function alignFamily(node: Line): "factor" | "declaration" | "param" | undefined {
  switch (node.kind) {
    case "FactorDecl":
      return "factor";
    case "DataDecl":
    case "LatentDecl":
      return "declaration";
    case "ParamDecl":
      return "param";
    default:
      return undefined;
  }
}

function keywordOf(node: Line): string {
  return node.kind === "DataDecl" ? "data" : node.kind === "LatentDecl" ? "latent" : "";
}

/** The width of what precedes `=` or `:`: a factor head `p(x | z1, z2)`, or a name. */
function headWidth(node: Line): number {
  switch (node.kind) {
    case "FactorDecl": {
      const given = node.given.length > 0 ? ` | ${node.given.map((g) => g.name).join(", ")}` : "";
      return util.getStringWidth(`${node.model.name}(${node.target.name}${given})`);
    }
    case "DataDecl":
    case "LatentDecl":
    case "ParamDecl":
      return util.getStringWidth(node.name.name);
    default:
      return 0;
  }
}

/** The padding of each line in a list of top-level items or model members. */
export function alignLines(text: string, lines: readonly Line[], enabled: boolean): AlignedLine[] {
  const result: AlignedLine[] = lines.map(() => ({ keywordPad: 0, namePad: 0 }));
  if (!enabled) return result;
  let start = 0;
  while (start < lines.length) {
    const family = alignFamily(lines[start]);
    let end = start + 1;
    while (
      family !== undefined &&
      end < lines.length &&
      alignFamily(lines[end]) === family &&
      !hasBlankLineBetween(text, lines[end - 1], lines[end])
    ) {
      end += 1;
    }
    const run = lines.slice(start, end);
    const keywordWidth = Math.max(...run.map((line) => keywordOf(line).length));
    const nameWidth = Math.max(...run.map(headWidth));
    run.forEach((line, i) => {
      result[start + i] = {
        keywordPad: keywordWidth - keywordOf(line).length,
        namePad: nameWidth - headWidth(line),
      };
    });
    start = end;
  }
  return result;
}
