import type { Setting, Span } from "@vaec/dsl";
import type { DataSource, Optimizer, TrainSettings } from "../ir.js";
import { helpForUnknown } from "../util/suggest.js";
import { reportChoice } from "./check-distributions.js";
import type { CheckContext } from "./context.js";
import {
  reportWrongKind,
  type Evaluator,
  type Value,
  type ValueArgument,
} from "./evaluate-expressions.js";
import { readFraction, readInteger, readPositive } from "./read-values.js";
import { bindArguments } from "./bind-arguments.js";
import { bindSettingsBlock } from "./settings-block.js";
import {
  CONSTANT_SCHEDULE,
  readEarlyStop,
  readSchedule,
  resolveBudget,
} from "./check-train-schedule.js";
import { diag } from "../diagnostics/diag.js";

export const TRAIN_SETTINGS = [
  "data",
  "batch",
  "epochs",
  "steps",
  "optimizer",
  "seed",
  "held_out",
  "warmup",
  "checkpoint_every",
  "samples",
  "iw_samples",
  "schedule",
  "early_stop",
] as const;
export const DATA_SOURCES = ["sprites", "mnist", "npy", "npz", "images"] as const;
export const TRAIN_OPTIMIZERS = ["adam", "sgd"] as const;

/** Defaults of every train setting a spec leaves out (documented in the compiler README). */
export const TRAIN_DEFAULTS = {
  batch: 128,
  epochs: 10,
  seed: 0,
  heldOut: null,
  warmup: 0,
  checkpointEvery: 1000,
  samples: 1,
  iwSamples: 64,
  adam: { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  sgd: { lr: 1e-2, momentum: 0 },
} as const;

/**
 * The held-out split when a spec sets no `held_out`: 10% of the examples, at least 1 and at most
 * 1000, and never all of them (docs/language.md). A fixed count would leave small data sets no
 * training data; the cap keeps evaluation on large ones quick.
 */
export const HELD_OUT_DEFAULT = { share: 0.1, min: 1, max: 1000 } as const;

/** The smallest side the sprite generator draws recognisable shapes at. */
export const MIN_SPRITE_SIDE = 8;

/**
 * The side sprites are drawn at for a data shape: any square of MIN_SPRITE_SIDE or more
 * (`[32, 32]`, `[1, 32, 32]`), the same sprites drawn coarser or finer than dSprites' 64.
 */
export function spriteSide(shape: readonly number[]): number | undefined {
  const square = shape.filter((d) => d !== 1);
  return square.length === 2 && square[0] === square[1] && square[0] >= MIN_SPRITE_SIDE
    ? square[0]
    : undefined;
}

/** Image sizes of the built-in data sets, for checking them against the data declaration. */
const BUILT_IN_SIZES: Record<"sprites" | "mnist", { size: number; shape: string }> = {
  sprites: { size: 64 * 64, shape: "64x64" },
  mnist: { size: 28 * 28, shape: "28x28" },
};

/**
 * Resolves the `train` block (with `--set train.x=...` applied) into the IR's TrainSettings,
 * filling defaults; checks names, ranges and that the data source fits the data declaration.
 */
export function checkTrainSettings(ctx: CheckContext): void {
  const written = ctx.trainBlock?.settings ?? [];
  const dropped = resolveBudget(ctx, written, ctx.setSettings.train);
  const block = bindSettingsBlock(
    ctx,
    ctx.trainBlock && {
      ...ctx.trainBlock,
      settings: written.filter((s) => s.name.name !== dropped),
    },
    ctx.setSettings.train,
    "`train`",
    TRAIN_SETTINGS,
  );
  const { ev, get, int } = block;

  const dataValue = get("data");
  const data = dataValue ? readDataSource(ctx, dataValue, ev) : defaultDataSource(ctx);
  if (!data) block.ok = false;
  const batch = int("batch", 1, TRAIN_DEFAULTS.batch);
  const optimizerValue = get("optimizer");
  const optimizer = optimizerValue
    ? readOptimizer(ctx, optimizerValue, ev)
    : defaultOptimizer("adam");
  if (!optimizer) block.ok = false;
  const stepsValue = get("steps");
  let steps: number | null = null;
  if (stepsValue) {
    const s = readInteger(stepsValue, ev, "steps", 1);
    if (s === undefined) block.ok = false;
    else steps = s;
  }
  const train: TrainSettings = {
    data: data ?? { kind: "sprites" },
    batch,
    epochs: int("epochs", 1, TRAIN_DEFAULTS.epochs),
    steps,
    optimizer: optimizer ?? defaultOptimizer("adam"),
    seed: int("seed", 0, TRAIN_DEFAULTS.seed),
    heldOut: get("held_out") ? int("held_out", 0, 0) : TRAIN_DEFAULTS.heldOut,
    warmup: int("warmup", 0, TRAIN_DEFAULTS.warmup),
    checkpointEvery: int("checkpoint_every", 0, TRAIN_DEFAULTS.checkpointEvery),
    samples: int("samples", 1, TRAIN_DEFAULTS.samples),
    iwSamples: int("iw_samples", 1, TRAIN_DEFAULTS.iwSamples),
    schedule: CONSTANT_SCHEDULE,
    earlyStop: null,
  };
  const scheduleValue = get("schedule");
  if (scheduleValue) {
    const schedule = readSchedule(ctx, scheduleValue, ev, optimizer);
    if (schedule) train.schedule = schedule;
    else block.ok = false;
  }
  const earlyStopValue = get("early_stop");
  if (earlyStopValue) {
    const heldOutSetting = [...ctx.setSettings.train, ...written].find(
      (s) => s.name.name === "held_out",
    );
    const earlyStop = readEarlyStop(ctx, earlyStopValue, ev, {
      count: train.heldOut ?? HELD_OUT_DEFAULT.min,
      setting: heldOutSetting,
    });
    if (earlyStop) train.earlyStop = earlyStop;
    else block.ok = false;
  }
  const tc = ctx.penalties.find((p) => p.kind === "tc");
  if (tc && batch < 2) {
    const batchValue = get("batch");
    ctx.reporter.report(diag.tcWithBatchOfOne(batchValue?.span ?? tc.span), {
      label: `batch of ${batch}`,
      labels: batchValue ? [{ span: tc.span, message: "TC penalty declared here" }] : [],
      help: "the TC estimators compare each sample with the rest of its batch; use `batch = 64` or more",
    });
    block.ok = false;
  }
  if (block.ok) ctx.train = train;
}

/** The block's settings with `--set` ones replacing those of the same name. */

function defaultDataSource(ctx: CheckContext): DataSource | undefined {
  const size = ctx.dataVar?.size;
  if (size === undefined) return undefined;
  if (size === BUILT_IN_SIZES.sprites.size) return { kind: "sprites" };
  if (size === BUILT_IN_SIZES.mnist.size) return { kind: "mnist" };
  const span: Span = ctx.trainBlock?.span ?? ctx.dataVar?.span ?? ctx.program.span;
  ctx.reporter.report(diag.noDataSource(span), {
    label: ctx.trainBlock ? "this `train` block sets no `data`" : "the spec has no `train` block",
    help: 'name one: `train { data = npy("my-data.npy") }` (`sprites` and `mnist` are picked for 64x64 and 28x28 data)',
  });
  return undefined;
}

function readDataSource(ctx: CheckContext, value: Value, ev: Evaluator): DataSource | undefined {
  const name = value.kind === "word" || value.kind === "call" ? value.name : undefined;
  const nameSpan = value.kind === "call" ? value.nameSpan : value.span;
  if (name === undefined) {
    reportWrongKind(value, 'a data source such as `sprites` or `npy("file.npy")`', ev);
    return undefined;
  }
  if (!(DATA_SOURCES as readonly string[]).includes(name)) {
    ctx.reporter.report(diag.unknownDataSource(nameSpan, { name }), {
      label: "not a data source vaec knows",
      help: helpForUnknown(name, DATA_SOURCES, "data sources"),
    });
    return undefined;
  }
  const args = value.kind === "call" ? value.args : [];
  if (name === "sprites" || name === "mnist") {
    bindArguments(args, { what: `\`${name}\``, positional: [], named: [] }, ev, nameSpan);
    const expected = BUILT_IN_SIZES[name];
    const data = ctx.dataVar;
    const fits =
      name === "sprites"
        ? data && spriteSide(data.shape) !== undefined
        : data?.size === expected.size;
    if (data && !fits) {
      ctx.reporter.report(
        name === "sprites"
          ? diag.spritesDoNotFit(value.span, {
              min: MIN_SPRITE_SIDE,
              data: data.name,
              shape: data.shape.join(", "),
            })
          : diag.sourceDoesNotFit(value.span, {
              name,
              size: expected.shape,
              data: data.name,
              shape: data.shape.join(", "),
            }),
        {
          label: name === "sprites" ? "square images" : `${expected.shape} images`,
          labels: ctx.data ? [{ span: ctx.data.span, message: "declared here" }] : [],
          help:
            name === "sprites"
              ? `declare a square of ${MIN_SPRITE_SIDE} pixels or more, such as \`data ${data.name} : binary[64, 64]\` (dSprites' size) or \`binary[32, 32]\`, or pick another data source`
              : `declare \`data ${data.name} : binary[${expected.shape.replace("x", ", ")}]\` or pick another data source`,
        },
      );
      return undefined;
    }
    return { kind: name };
  }
  const paramsOf: Record<string, readonly string[]> = {
    npy: ["path"],
    npz: ["path", "key"],
    images: ["dir", "size"],
  };
  const bound = bindArguments(
    args,
    { what: `\`${name}\``, positional: paramsOf[name], named: paramsOf[name] },
    ev,
    nameSpan,
  );
  const str = (key: string): string | undefined => {
    const arg = bound.get(key);
    if (!arg) {
      reportMissing(ctx, value.span, name, key);
      return undefined;
    }
    if (arg.value.kind !== "string") {
      reportWrongKind(arg.value, "a string", ev);
      return undefined;
    }
    return arg.value.value;
  };
  if (name === "npy") {
    const path = str("path");
    return path === undefined ? undefined : { kind: "npy", path };
  }
  if (name === "npz") {
    const path = str("path");
    const key = str("key");
    return path === undefined || key === undefined ? undefined : { kind: "npz", path, key };
  }
  const dir = str("dir");
  const sizeArg = bound.get("size");
  if (!sizeArg) {
    reportMissing(ctx, value.span, name, "size");
    return undefined;
  }
  const size = readImageSize(sizeArg, ev);
  if (dir === undefined || size === undefined) return undefined;
  const data = ctx.dataVar;
  if (
    data &&
    (data.shape.length < 2 || data.shape.at(-2) !== size[0] || data.shape.at(-1) !== size[1])
  ) {
    ctx.reporter.report(
      diag.imagesDoNotFit(value.span, {
        height: size[0],
        width: size[1],
        data: data.name,
        shape: data.shape.join(", "),
      }),
      {
        label: `${size[0]}x${size[1]} images`,
        labels: ctx.data ? [{ span: ctx.data.span, message: "declared here" }] : [],
        help: "make the image size match the data declaration",
      },
    );
    return undefined;
  }
  return { kind: "images", dir, size };
}

function readImageSize(arg: ValueArgument, ev: Evaluator): [number, number] | undefined {
  const v = arg.value;
  if (v.kind === "list" && v.items.length === 2) {
    const h = readInteger(v.items[0], ev, "size", 1);
    const w = readInteger(v.items[1], ev, "size", 1);
    return h === undefined || w === undefined ? undefined : [h, w];
  }
  const s = readInteger(v, ev, "size", 1);
  return s === undefined ? undefined : [s, s];
}

function reportMissing(ctx: CheckContext, span: Span, callee: string, arg: string): void {
  ctx.reporter.report(diag.missingArgument(span, { callee, arg }), {
    label: `no \`${arg}\``,
    help: `write it as \`npy("file.npy")\`, \`npz("file.npz", "key")\` or \`images("dir", 64)\``,
  });
}

export function defaultOptimizer(kind: "adam" | "sgd"): Optimizer {
  return kind === "adam"
    ? { kind: "adam", ...TRAIN_DEFAULTS.adam }
    : { kind: "sgd", ...TRAIN_DEFAULTS.sgd };
}

function readOptimizer(ctx: CheckContext, value: Value, ev: Evaluator): Optimizer | undefined {
  const name = value.kind === "word" || value.kind === "call" ? value.name : undefined;
  if (name !== "adam" && name !== "sgd") {
    if (value.kind === "call") {
      ctx.reporter.report(diag.unknownOptimizer(value.nameSpan, { value: value.name }), {
        label: "not a training optimizer",
        help: helpForUnknown(value.name, TRAIN_OPTIMIZERS, "optimizers"),
      });
    } else reportChoice(ctx, value, TRAIN_OPTIMIZERS, "`adam` or `sgd`");
    return undefined;
  }
  const args = value.kind === "call" ? value.args : [];
  const named =
    name === "adam"
      ? ["lr", "beta1", "beta2", "epsilon", "clip_norm"]
      : ["lr", "momentum", "clip_norm"];
  const bound = bindArguments(
    args,
    { what: `\`${name}\``, positional: ["lr"], named },
    ev,
    value.kind === "call" ? value.nameSpan : value.span,
  );
  const result = defaultOptimizer(name) as Record<string, number | string>;
  let ok = true;
  for (const [key, arg] of bound) {
    const n =
      key === "beta1" || key === "beta2" || key === "momentum"
        ? readFraction(arg.value, ev, key)
        : readPositive(arg.value, ev, key);
    if (n === undefined) ok = false;
    else result[key === "clip_norm" ? "clipNorm" : key] = n;
  }
  return ok ? (result as unknown as Optimizer) : undefined;
}
