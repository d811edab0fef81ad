import type { FactorDecl, Label } from "@vaec/dsl";
import type { CheckContext } from "./context.js";
import { listNames } from "../util/suggest.js";
import { diag } from "../diagnostics/diag.js";

/**
 * Checks that p and q are each a directed acyclic graph and, when they are, records their
 * topological orders (parents before children; ties broken by source order, so the order is
 * stable; the likelihood comes last in p). A cycle is shown factor by factor.
 */
export function checkCycles(ctx: CheckContext): void {
  const p = orderFactors(ctx, ctx.pFactors, "p");
  if (p) ctx.pOrder = p;
  const q = orderFactors(ctx, ctx.qFactors, "q");
  if (q) ctx.qOrder = q;
}

function orderFactors(
  ctx: CheckContext,
  factors: Map<string, FactorDecl>,
  model: "p" | "q",
): string[] | undefined {
  const cycles = findCycles(factors);
  const reported = new Set<string>();
  for (const cycle of cycles) {
    const key = [...cycle].sort().join(" ");
    if (reported.has(key)) continue;
    reported.add(key);
    reportCycle(
      ctx,
      cycle.map((name) => factors.get(name) as FactorDecl),
      model,
    );
  }
  if (cycles.length > 0) return undefined;

  // the likelihood goes last even where a latent it does not see is written after it
  const dataName = ctx.data?.name.name;
  const rank = (f: FactorDecl): number =>
    f.target.name === dataName ? Infinity : f.span.start.offset;
  const sourceOrder = [...factors.values()].sort((a, b) => rank(a) - rank(b));
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < sourceOrder.length) {
    const next = sourceOrder.find(
      (f) =>
        !done.has(f.target.name) && f.given.every((g) => done.has(g.name) || !factors.has(g.name)),
    ) as FactorDecl;
    done.add(next.target.name);
    order.push(next.target.name);
  }
  return order;
}

/** Every cycle met by a depth-first search, each as the list of targets along the dependency. */
function findCycles(factors: Map<string, FactorDecl>): string[][] {
  const state = new Map<string, "open" | "closed">();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const visit = (name: string): void => {
    state.set(name, "open");
    stack.push(name);
    for (const parent of factors.get(name)?.given ?? []) {
      if (!factors.has(parent.name)) continue;
      const s = state.get(parent.name);
      if (s === "open") cycles.push(stack.slice(stack.indexOf(parent.name)));
      else if (s === undefined) visit(parent.name);
    }
    stack.pop();
    state.set(name, "closed");
  };
  const sorted = [...factors.values()].sort((a, b) => a.span.start.offset - b.span.start.offset);
  for (const f of sorted) if (!state.has(f.target.name)) visit(f.target.name);
  return cycles;
}

/**
 * `cycle[i]` depends on `cycle[i + 1]` (and the last on the first). The report starts at the
 * factor written first, then follows the dependencies round.
 */
function reportCycle(ctx: CheckContext, cycle: FactorDecl[], model: "p" | "q"): void {
  const graph = model === "p" ? "a generative model" : "an inference model";
  if (cycle.length === 1) {
    const f = cycle[0];
    const self = f.given.find((g) => g.name === f.target.name) ?? f.target;
    const others = f.given.filter((g) => g.name !== f.target.name).map((g) => g.name);
    const data = ctx.dataVar?.name;
    // A posterior conditioned on nothing but itself is fixed by conditioning it on the data.
    const fix =
      model === "q" && others.length === 0 && data !== undefined
        ? `condition it on the data instead: \`q(${f.target.name} | ${data})\``
        : `drop \`${f.target.name}\` from its own conditioning set`;
    ctx.reporter.report(diag.selfConditioned(f.headSpan, { target: f.target.name }), {
      label: `this factor makes \`${f.target.name}\` depend on itself`,
      labels: self === f.target ? [] : [{ span: self.span, message: "here" }],
      help: `${graph} must be a directed acyclic graph; ${fix}`,
    });
    return;
  }
  let start = 0;
  cycle.forEach((f, i) => {
    if (f.span.start.offset < cycle[start].span.start.offset) start = i;
  });
  const ordered = [...cycle.slice(start), ...cycle.slice(0, start)];
  const dependsOn = (i: number): string => ordered[(i + 1) % ordered.length].target.name;
  const first = ordered[0];
  const selfName = dependsOn(0);
  const through = ordered.map((f) => f.target.name).filter((n) => n !== selfName);
  const labels: Label[] = ordered.slice(1).map((f, i) => ({
    span: f.headSpan,
    message: `... ${i === ordered.length - 2 ? "and this one makes" : "this one makes"} \`${f.target.name}\` depend on \`${dependsOn(i + 1)}\`${i === ordered.length - 2 ? "" : " ..."}`,
  }));
  ctx.reporter.report(
    diag.cycleThrough(first.headSpan, { name: selfName, names: listNames(through) }),
    {
      label: `this factor makes \`${first.target.name}\` depend on \`${selfName}\` ...`,
      labels,
      help:
        ordered.length === 2
          ? `${graph} must be a directed acyclic graph; drop one of the two conditionings`
          : `${graph} must be a directed acyclic graph; drop one of these conditionings`,
    },
  );
}
