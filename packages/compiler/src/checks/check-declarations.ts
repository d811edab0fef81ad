import type { Expression, Span } from "@vaec/dsl";
import { helpForUnknown } from "../util/suggest.js";
import type { CheckContext } from "./context.js";
import {
  evaluateExpression,
  evaluateNumber,
  reportWrongKind,
  type Evaluator,
} from "./evaluate-expressions.js";
import { diag } from "../diagnostics/diag.js";

export const DATA_TYPES = ["binary", "real"] as const;

/**
 * Checks the data and latent declarations and resolves them into the IR's `DataVariable` and
 * `Latent`s: a known data type, a shape of one to three positive integers, a range `lo < hi`
 * (binary data is [0, 1]; real data defaults to [0, 1]), and positive integer latent sizes.
 */
export function checkDeclarations(ctx: CheckContext): void {
  const ev: Evaluator = { reporter: ctx.reporter, params: ctx.params };
  const data = ctx.data;
  if (data) {
    const type = data.type.name;
    let kind: "binary" | "real" | undefined;
    if (type === "binary" || type === "real") kind = type;
    else {
      ctx.reporter.report(diag.unknownDataType(data.type.span, { type }), {
        label: "not a data type",
        help: helpForUnknown(type, DATA_TYPES, "data types"),
      });
    }
    const shape = data.shape.map((e) => positiveInteger(e, ev, "a data dimension"));
    if (data.shape.length === 0 || data.shape.length > 3) {
      ctx.reporter.report(
        diag.dataDimensions(data.span, { data: data.name.name, length: data.shape.length }),
        {
          label: "expected one to three dimensions",
          help: "write a vector as `[D]`, an image as `[H, W]` or `[C, H, W]`",
        },
      );
    }
    let range: [number, number] = [0, 1];
    if (data.range) {
      const value = evaluateExpression(data.range, ev);
      const items =
        value.kind === "list"
          ? value.items.map((v) => (v.kind === "number" ? v.value : undefined))
          : [];
      if (value.kind !== "list" || items.length !== 2 || items.some((v) => v === undefined)) {
        reportWrongKind(value, "a range `[lo, hi]` of two numbers", ev);
      } else {
        const [lo, hi] = items as [number, number];
        if (!(lo < hi)) {
          ctx.reporter.report(diag.emptyDataRange(data.range.span, { lo, hi }), {
            label: "the lower end must be below the upper end",
            help: "write the range as `in [lo, hi]` with lo < hi, for example `in [0, 1]`",
          });
        } else if (kind === "binary" && (lo !== 0 || hi !== 1)) {
          ctx.reporter.report(diag.binaryDataRange(data.range.span, { lo, hi }), {
            label: "a binary variable takes the values 0 and 1",
            help: "drop the range, or declare the data as `real`",
          });
        } else range = [lo, hi];
      }
    }
    if (kind && shape.every((d) => d !== undefined) && shape.length > 0 && shape.length <= 3) {
      const dims = shape as number[];
      ctx.dataVar = {
        name: data.name.name,
        kind,
        shape: dims,
        size: dims.reduce((a, b) => a * b, 1),
        range,
        span: data.span,
      };
    }
  }
  ctx.latentDecls.forEach((decl) => {
    const dims = positiveInteger(decl.dims, ev, "a latent size");
    if (dims !== undefined) {
      ctx.latents.push({
        name: decl.name.name,
        dims,
        layer: ctx.latents.length + 1,
        span: decl.span,
      });
    }
  });
}

/** Evaluates a size: a whole number of at least 1 (VAE209 otherwise). */
export function positiveInteger(expr: Expression, ev: Evaluator, what: string): number | undefined {
  const value = evaluateNumber(expr, ev);
  return value === undefined ? undefined : checkSize(value, expr.span, ev, what);
}

/** A size counts units or pixels: a whole number of at least 1 (VAE209 otherwise). */
export function checkSize(
  value: number,
  span: Span,
  ev: Evaluator,
  what: string,
): number | undefined {
  if (Number.isInteger(value) && value >= 1) return value;
  ev.reporter.report(diag.sizeNotPositive(span, { what, value }), {
    label: `${what} of ${value}`,
    help: "sizes count units or pixels: use a positive whole number",
  });
  return undefined;
}
