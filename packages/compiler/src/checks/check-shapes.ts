import type { FactorDecl } from "@vaec/dsl";
import type { Activation, FactorDistribution, Network } from "../ir.js";
import { convOutputSize, convParamCount, denseParamCount } from "../lower/network-size.js";
import { helpForUnknown } from "../util/suggest.js";
import { bindArguments } from "./bind-arguments.js";
import { checkSize } from "./check-declarations.js";
import { reportChoice } from "./check-distributions.js";
import type { CheckContext } from "./context.js";
import { variableWidth } from "./context.js";
import {
  expectNumber,
  reportWrongKind,
  type Evaluator,
  type NetworkValue,
  type Value,
} from "./evaluate-expressions.js";
import { diag } from "../diagnostics/diag.js";

export const NETWORKS = ["mlp", "conv"] as const;
export const ACTIVATIONS: readonly Activation[] = [
  "relu",
  "elu",
  "tanh",
  "softplus",
  "leaky_relu",
  "sigmoid",
  "swish",
];
export const DEFAULT_ACTIVATION: Activation = "relu";
export const CONV_DEFAULTS = { kernel: 4, stride: 2 } as const;

/**
 * Resolves each factor's network into the IR's `Network`: input width = the concatenated widths
 * of the parents (data flattened), output width from the distribution (a Normal latent: mean and
 * scale, 2 x dims; a likelihood: one value per data element), hidden sizes, activation, and for
 * `conv` the image it reads or writes, which must survive the strided layers exactly.
 */
export function checkShapes(ctx: CheckContext): void {
  const ev: Evaluator = { reporter: ctx.reporter, params: ctx.params };
  for (const [factor, value] of ctx.networkValues) {
    const distribution = ctx.distributions.get(factor);
    if (!distribution) continue;
    const network = resolveNetwork(ctx, factor, value, distribution, ev);
    if (network !== undefined) ctx.networks.set(factor, network);
  }
  for (const [factor, distribution] of ctx.distributions) {
    if (distribution.kind === "normal-constant") ctx.networks.set(factor, null);
  }
}

function resolveNetwork(
  ctx: CheckContext,
  factor: FactorDecl,
  value: NetworkValue,
  distribution: FactorDistribution,
  ev: Evaluator,
): Network | undefined {
  const widths = factor.given.map((g) => variableWidth(ctx, g.name));
  const targetWidth = variableWidth(ctx, factor.target.name);
  // a variable with an invalid size was reported already: check the arguments, build nothing
  const sized = widths.every((w) => w !== undefined) && targetWidth !== undefined;
  const inputWidth = (widths as number[]).reduce((a, b) => a + b, 0);
  const outputWidth = distribution.kind === "normal" ? 2 * (targetWidth ?? 0) : (targetWidth ?? 0);

  if (value.name === "mlp") {
    const sizes = value.args.filter((a) => a.name === undefined);
    const named = value.args.filter((a) => a.name !== undefined);
    const bound = bindArguments(
      named,
      { what: "`mlp`", positional: [], named: ["activation"] },
      ev,
      value.nameSpan,
    );
    const hidden = sizes.map((a) => layerSize(a.value, ev, "a layer width"));
    const activation = readActivation(ctx, bound.get("activation")?.value);
    if (hidden.some((h) => h === undefined) || activation === undefined || !sized) return undefined;
    const h = hidden as number[];
    return {
      kind: "mlp",
      hidden: h,
      activation,
      inputWidth,
      outputWidth,
      paramCount: denseParamCount([inputWidth, ...h, outputWidth]),
    };
  }

  if (value.name === "conv") {
    const sizes = value.args.filter((a) => a.name === undefined);
    const named = value.args.filter((a) => a.name !== undefined);
    const bound = bindArguments(
      named,
      { what: "`conv`", positional: [], named: ["kernel", "stride", "dense", "activation"] },
      ev,
      value.nameSpan,
    );
    const channels = sizes.map((a) => layerSize(a.value, ev, "a channel count"));
    const kernelValue = bound.get("kernel")?.value;
    const strideValue = bound.get("stride")?.value;
    const kernel = kernelValue ? layerSize(kernelValue, ev, "a kernel size") : CONV_DEFAULTS.kernel;
    const stride = strideValue ? layerSize(strideValue, ev, "a stride") : CONV_DEFAULTS.stride;
    const dense = readDense(bound.get("dense")?.value, ev);
    const activation = readActivation(ctx, bound.get("activation")?.value);
    if (channels.length === 0) {
      ctx.reporter.report(diag.convWithoutChannels(value.span), {
        label: "no layers",
        help: "list the channels of each convolution: `conv[32, 32, 64, 64]`",
      });
      return undefined;
    }
    if (channels.some((c) => c === undefined) || kernel === undefined || stride === undefined)
      return undefined;
    if (dense === undefined || activation === undefined || !sized) return undefined;
    const data = ctx.dataVar;
    const dataName = ctx.data?.name.name;
    const role =
      factor.target.name === dataName
        ? "decoder"
        : factor.given.some((g) => g.name === dataName)
          ? "encoder"
          : undefined;
    if (!role || !data) {
      ctx.reporter.report(diag.convWithoutImage(value.span, { target: factor.target.name }), {
        label: "neither reads nor writes the data",
        help: "use `mlp[...]` between latent layers; `conv` is for factors that read or generate the data",
      });
      return undefined;
    }
    if (data.shape.length < 2) {
      ctx.reporter.report(diag.convOnVectorData(value.span, { data: data.name }), {
        label: "convolutions need height and width",
        labels: ctx.data
          ? [{ span: ctx.data.span, message: `declared with shape [${data.shape.join(", ")}]` }]
          : [],
        help: "declare the data as `[H, W]` or `[C, H, W]`, or use `mlp[...]`",
      });
      return undefined;
    }
    const imageShape = data.shape.length === 2 ? [1, ...data.shape] : [...data.shape];
    const ch = channels as number[];
    const h = convOutputSize(imageShape[1], stride, ch.length);
    const w = convOutputSize(imageShape[2], stride, ch.length);
    if (h === undefined || w === undefined) {
      ctx.reporter.report(
        diag.convolutionsDoNotFit(value.span, {
          count: ch.length,
          stride,
          height: imageShape[1],
          width: imageShape[2],
        }),
        {
          label: `each layer divides height and width by ${stride}`,
          labels: ctx.data
            ? [{ span: ctx.data.span, message: `image declared ${imageShape[1]}x${imageShape[2]}` }]
            : [],
          help: `height and width must be divisible by ${stride}^${ch.length} = ${stride ** ch.length}; use fewer layers or another stride`,
        },
      );
      return undefined;
    }
    if (role === "encoder") {
      const flat = ch[ch.length - 1] * h * w;
      const vectorInputWidth = inputWidth - data.size;
      return {
        kind: "conv",
        role,
        channels: ch,
        kernel,
        stride,
        dense,
        activation,
        imageShape,
        imageInput: data.name,
        vectorInputWidth,
        inputWidth,
        outputWidth,
        paramCount:
          convParamCount([imageShape[0], ...ch], kernel) +
          denseParamCount([flat + vectorInputWidth, ...dense, outputWidth]),
      };
    }
    return {
      kind: "conv",
      role,
      channels: ch,
      kernel,
      stride,
      dense,
      activation,
      imageShape,
      vectorInputWidth: inputWidth,
      inputWidth,
      outputWidth,
      paramCount:
        denseParamCount([inputWidth, ...dense, ch[0] * h * w]) +
        convParamCount([...ch, imageShape[0]], kernel),
    };
  }

  ctx.reporter.report(diag.unknownNetwork(value.nameSpan, { value: value.name }), {
    label: "not a network vaec knows",
    help: helpForUnknown(value.name, NETWORKS, "networks"),
  });
  return undefined;
}

function layerSize(value: Value, ev: Evaluator, what: string): number | undefined {
  const n = expectNumber(value, ev);
  return n === undefined ? undefined : checkSize(n, value.span, ev, what);
}

function readActivation(ctx: CheckContext, value: Value | undefined): Activation | undefined {
  if (!value) return DEFAULT_ACTIVATION;
  if (value.kind === "word") {
    if ((ACTIVATIONS as readonly string[]).includes(value.name)) return value.name as Activation;
    ctx.reporter.report(diag.unknownActivation(value.span, { value: value.name }), {
      label: "not an activation vaec knows",
      help: helpForUnknown(value.name, ACTIVATIONS, "activations"),
    });
    return undefined;
  }
  reportChoice(ctx, value, ACTIVATIONS, "an activation such as `relu`");
  return undefined;
}

function readDense(value: Value | undefined, ev: Evaluator): number[] | undefined {
  if (!value) return [];
  const items = value.kind === "list" ? value.items : [value];
  if (value.kind !== "list" && value.kind !== "number") {
    reportWrongKind(value, "a list of layer widths such as `[256]`", ev);
    return undefined;
  }
  const sizes = items.map((v) => layerSize(v, ev, "a layer width"));
  return sizes.some((s) => s === undefined) ? undefined : (sizes as number[]);
}
