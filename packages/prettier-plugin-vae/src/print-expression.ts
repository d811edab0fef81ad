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
  // `- -a`, not `-(-a)`: a run of 10,000 signs must not print as 10,000 nested parentheses,
  // which would be too deep to parse back (VAE019).
  if (parent.kind === "Unary") return inner < UNARY;
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
  let current = node;
  // A loop through signs and argument names: `- - - 1` may be 10,000 signs long.
  while (current.kind === "Unary" || current.kind === "Argument")
    current = current.kind === "Unary" ? current.operand : current.value;
  return current.kind === "Number" || current.kind === "Reference";
}

/**
 * Whether any node below carries a comment (a packed list would move it to another line). An
 * explicit stack: expression trees may be thousands deep.
 */
function hasComments(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (((node as { comments?: unknown[] }).comments?.length ?? 0) > 0) return true;
    for (const [key, value] of Object.entries(node))
      if (key !== "span" && key !== "comments" && typeof value === "object") stack.push(value);
  }
  return false;
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
      return printSigns(path, print);
    case "Binary":
      return printChain(path, print);
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

/*
 * Chains without recursion. prettier prints a child through `path.call`, one JavaScript frame
 * per level, and a 7,000-term `1 + 1 + ...` is a tree 7,000 deep (10,000 signs likewise). So a
 * chain is walked in a loop: the path is moved down the chain through `path.stack` (what
 * `path.call` itself does, one level at a time), and the operands are printed from there into
 * one flat doc.
 */

/** `a + b - c * d`: the left spine of operators that need no parentheses, printed flat. */
function printChain(path: AstPath, print: Print): Doc {
  const stack = path.stack as unknown[];
  const base = stack.length;
  const spine: Binary[] = [path.node as Binary];
  for (;;) {
    const parent = spine[spine.length - 1];
    const left = parent.left;
    if (left.kind !== "Binary" || left.op === "^" || parent.op === "^") break;
    if (needsParens(left, parent, "left")) break;
    stack.push("left", left);
    spine.push(left);
  }
  try {
    // The path is at the deepest spine node: print its left operand, then climb.
    const parts: Doc[] = [printOperand(path, print, "left")];
    for (let i = spine.length - 1; i >= 0; i--) {
      stack.length = base + 2 * i;
      parts.push(` ${spine[i].op} `, printOperand(path, print, "right"));
    }
    return parts;
  } finally {
    stack.length = base;
  }
}

/** `- - -a`: a run of signs, then its operand. */
function printSigns(path: AstPath, print: Print): Doc {
  const stack = path.stack as unknown[];
  const base = stack.length;
  const signs: string[] = [];
  let node = path.node as Expression;
  while (node.kind === "Unary") {
    signs.push(node.op);
    if (node.operand.kind !== "Unary") break;
    node = node.operand;
    stack.push("operand", node);
  }
  try {
    // Signs in a row are spaced (`- -a`) so that `--` and `+-` read as two signs.
    return [signs.join(" "), printOperand(path, print, "operand")];
  } finally {
    stack.length = base;
  }
}
