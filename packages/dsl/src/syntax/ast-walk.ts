import type { AnyNode } from "../ast.js";

/**
 * Every AST node under `node` (itself included), depth first, in source order of fields. An
 * explicit stack rather than recursion: a 10,000-term `1 + 1 + ...` is a tree 10,000 deep.
 */
export function* walkAst(node: AnyNode): Generator<AnyNode> {
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    yield current;
    const children: AnyNode[] = [];
    for (const [key, value] of Object.entries(current)) {
      if (key === "span" || key === "headSpan") continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child !== null && typeof child === "object" && "kind" in child)
          children.push(child as AnyNode);
      }
    }
    // Pushed last child first, so the first child is visited next.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
