import { doc, type AstPath, type Doc } from "prettier";
import type { AnyNode, Binary, Expression } from "@vaec/dsl";

const { fill, group, indent, join, softline, line } = doc.builders;

export type Print = (selector?: string | number | Array<string | number> | AstPath) => Doc;

/*
 * The AST has no parenthesis node: the printer puts back exactly the parentheses the tree
 * needs, so `(a + b) * c` survives and `(a * b) + c` loses its redundant pair.
 * Precedence follows the grammar: `+ -` < `* /` < unary `-x` < `^` (right-associative).
 */
const precedence: Record<Binary["op"], number> = { "+": 1, "-": 1, "*": 2, "/": 2, "^": 4 };
const UNARY = 3;

function bindingOf(node: Expression): number {
  if (node.kind === "Binary") return precedence[node.op];
  if (node.kind === "Unary") return UNARY;
  return Infinity;
}

/** Whether `child`, an operand of `parent`, must be wrapped in parentheses. */
function needsParens(child: Expression, parent: AnyNode, key: string): boolean {
  const inner = bindingOf(child);
  if (parent.kind === "Unary") return inner <= UNARY;
  if (parent.kind !== "Binary") return false;
  // The exponent of `^` is itself a unary expression: `2 ^ -1` needs no parentheses.
  if (parent.op === "^" && key === "right" && child.kind === "Unary") return false;
  const outer = precedence[parent.op];
  if (inner < outer) return true;
  if (inner > outer) return false;
  // Equal precedence: `^` groups to the right, the others to the left.
  return parent.op === "^" ? key === "left" : key === "right";
}

/**
 * `[a, b]`, `(a, b)`: on one line when it fits, else one item per line, or, for runs of short
 * items such as widths and sweep values, as many per line as fit.
 */
export function printDelimited(open: string, items: Doc[], close: string, packed = false): Doc {
  if (items.length === 0) return `${open}${close}`;
  let body: Doc;
  if (packed) {
    // fill() takes content and separators alternately: `item,` line `item,` line `item`.
    const parts: Doc[] = [];
    items.forEach((item, i) => {
      if (i > 0) parts.push(line);
      parts.push(i < items.length - 1 ? [item, ","] : item);
    });
    body = fill(parts);
  } else {
    body = join([",", line], items);
  }
  return group([open, indent([softline, body]), softline, close]);
}

/** Numbers, names and short named values: what may share a line when a list breaks. */
function isShort(node: AnyNode): boolean {
  switch (node.kind) {
    case "Number":
    case "Reference":
      return true;
    case "Unary":
      return isShort(node.operand);
    case "Argument":
      return isShort(node.value);
    default:
      return false;
  }
}

/** Whether any node below carries a comment (a packed list would move it to another line). */
function hasComments(node: unknown): boolean {
  if (node === null || typeof node !== "object") return false;
  if (((node as { comments?: unknown[] }).comments?.length ?? 0) > 0) return true;
  return Object.entries(node).some(
    ([key, value]) =>
      key !== "span" && key !== "comments" && typeof value === "object" && hasComments(value),
  );
}

/** Items of a list or argument list may be packed several to a line. */
export function isPackable(items: readonly AnyNode[]): boolean {
  return items.length > 1 && items.every(isShort) && !items.some(hasComments);
}

export function printOperand(path: AstPath, print: Print, key: "left" | "right" | "operand"): Doc {
  const node = path.node as AnyNode;
  const child = (node as unknown as Record<string, Expression>)[key];
  const printed = print(key);
  return needsParens(child, node, key) ? ["(", printed, ")"] : printed;
}

export function printExpression(path: AstPath, print: Print): Doc {
  const node = path.node as Expression;
  switch (node.kind) {
    case "Number":
    case "String":
      return node.raw;
    case "Reference":
      return print("name");
    case "Unary":
      return [node.op, printOperand(path, print, "operand")];
    case "Binary":
      return [
        printOperand(path, print, "left"),
        ` ${node.op} `,
        printOperand(path, print, "right"),
      ];
    case "List":
      return printDelimited("[", path.map(print, "items"), "]", isPackable(node.items));
    case "Call":
      return [
        print("callee"),
        printDelimited("(", path.map(print, "args"), ")", isPackable(node.args)),
      ];
    case "Network":
      return [
        print("name"),
        printDelimited("[", path.map(print, "args"), "]", isPackable(node.args)),
      ];
  }
}
