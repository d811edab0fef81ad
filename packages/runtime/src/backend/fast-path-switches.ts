/*
 * The fast path's switches, one entry each: the one place to add a switch. Everything else reads
 * this table: the settings' type and defaults and the environment parsing (fast-path-settings.ts),
 * the all-off configuration of the backends without a fast path, which switches a missing one
 * turns off (install-fast-path.ts, wasm-threads.ts), `vaec doctor`'s listing (machine-report.ts),
 * the benchmark's configurations (bench/lib/configurations.ts) and the tests. What a switch
 * installs is its piece in install-fast-path.ts, a record keyed by this table, so the typecheck
 * asks for it. Plain data: the browser core reads it too.
 */

/** What a piece is; the benchmark adds them group by group (bench/lib/configurations.ts). */
export type SwitchGroup = "kernel" | "fused-op" | "native" | "threads" | "solver";

/** A variable that tunes a switch rather than turning it on or off. */
export interface TuningVariable {
  /** The field of `FastPathTuning` it sets. */
  key: string;
  env: string;
  /** `count`: a whole number >= 1; `switch`: on or off. Unset: the default (`doc` says it). */
  kind: "count" | "switch";
  doc: string;
}

export interface FastPathSwitchSpec {
  /** The field of `FastPathSettings`. */
  key: string;
  /** The environment variable: 1 or 0 (also on/off, true/false, yes/no). */
  env: string;
  /** A few words, for notes ("OpenBLAS off by default with ...", the webgpu note). */
  label: string;
  /** One line: what it does (`vaec doctor` prints it). */
  doc: string;
  /** On unless set otherwise; `offWith`: off by default where that switch is in effect (set
   * explicitly, this one holds anyway). */
  default: boolean;
  offWith?: string;
  /** In effect only while these switches are. */
  needs?: readonly string[];
  /** Not in effect where these switches are (they do the same job). */
  displacedBy?: readonly string[];
  /** What the machine must have, else the switch has no effect and a note says why. */
  requires?: string;
  /** The backends it acts on: the wasm backend's kernels, or any (not a tfjs kernel). */
  backends: "wasm" | "any";
  group: SwitchGroup;
  tuning?: readonly TuningVariable[];
}

export const FAST_PATH_SWITCHES = [
  {
    key: "matmul",
    env: "VAEC_FAST_MATMUL",
    label: "untransposed matmuls",
    doc: "transposed matmuls (every gradient) kept on XNNPACK's fast kernel",
    default: true,
    backends: "wasm",
    group: "kernel",
  },
  {
    key: "fusedAdam",
    env: "VAEC_FUSED_ADAM",
    label: "fused Adam",
    doc: "Adam's update in one pass instead of a dozen kernels",
    default: true,
    backends: "wasm",
    group: "kernel",
  },
  {
    key: "blas",
    env: "VAEC_BLAS",
    label: "OpenBLAS",
    doc: "matmuls and Adam through OpenBLAS (`npm run build:blas`)",
    default: true,
    requires: "the native BLAS addon (`npm run build:blas`)",
    backends: "wasm",
    group: "native",
    tuning: [
      {
        key: "blasThreads",
        env: "VAEC_BLAS_THREADS",
        kind: "count",
        doc: "threads of OpenBLAS and the addon's passes (default: the physical cores)",
      },
      {
        key: "blasSplit",
        env: "VAEC_BLAS_SPLIT",
        kind: "switch",
        doc: "the addon splits large products over its threads (0: OpenBLAS's own pool)",
      },
    ],
  },
  {
    key: "sharedIdentity",
    env: "VAEC_SHARED_IDENTITY",
    label: "shared Identity",
    doc: "tensors saved for gradients share their buffer instead of a copy",
    default: true,
    backends: "wasm",
    group: "kernel",
  },
  {
    key: "adamInPlace",
    env: "VAEC_ADAM_IN_PLACE",
    label: "Adam in place",
    doc: "Adam's moments updated in their own buffers (with the fused Adam)",
    default: true,
    needs: ["fusedAdam"],
    backends: "wasm",
    group: "fused-op",
  },
  {
    key: "fusedLikelihood",
    env: "VAEC_FUSED_LIKELIHOOD",
    label: "fused likelihood",
    doc: "Bernoulli log-likelihood as one op with its own gradient",
    default: true,
    backends: "wasm",
    group: "fused-op",
  },
  {
    key: "logSumExpGrad",
    env: "VAEC_LOGSUMEXP_GRAD",
    label: "logsumexp gradient",
    doc: "logsumexp with the softmax as its gradient (no slow broadcasting Equal)",
    default: true,
    backends: "wasm",
    group: "fused-op",
  },
  {
    key: "fusedDense",
    env: "VAEC_FUSED_DENSE",
    label: "fused dense",
    doc: "dense layers (linear/relu) as one op each way",
    default: true,
    backends: "wasm",
    group: "fused-op",
  },
  {
    key: "simdAdam",
    env: "VAEC_SIMD_ADAM",
    label: "SIMD Adam",
    doc: "without OpenBLAS, Adam's loop in WebAssembly SIMD",
    default: true,
    needs: ["fusedAdam"],
    displacedBy: ["blas"],
    backends: "wasm",
    group: "fused-op",
  },
  {
    key: "fusedTc",
    env: "VAEC_FUSED_TC",
    label: "fused TC",
    doc: "the TC estimator's pairwise term as one op each way",
    default: true,
    backends: "wasm",
    group: "fused-op",
  },
  {
    key: "wasmThreads",
    env: "VAEC_WASM_THREADS",
    label: "wasm threads",
    doc: "threaded SIMD wasm build on every core (default off with OpenBLAS)",
    default: true,
    // What OpenBLAS leaves to wasm is elementwise work that a second thread slowed down by about
    // 10% (docs/performance.md).
    offWith: "blas",
    requires: "wasm SIMD and shared wasm memory (threads) in this Node",
    backends: "wasm",
    group: "threads",
    tuning: [
      {
        key: "wasmThreadCount",
        env: "VAEC_WASM_THREAD_COUNT",
        kind: "count",
        doc: "threads of the threaded build (default: the physical cores, at most 8)",
      },
    ],
  },
  {
    key: "wasmLbfgsb",
    env: "VAEC_WASM_LBFGSB",
    label: "wasm L-BFGS-B",
    doc: "the attacks' L-BFGS-B loops in WebAssembly (same results as JavaScript)",
    default: true,
    backends: "any",
    group: "solver",
  },
] as const satisfies readonly FastPathSwitchSpec[];

export type FastPathSwitch = (typeof FAST_PATH_SWITCHES)[number];
export type SwitchKey = FastPathSwitch["key"];

/** The switches requested or in effect, keyed as the table. */
export type FastPathSettings = Record<SwitchKey, boolean>;

/**
 * The webgpu backend's variables. Not switches of the fast path (it has none on webgpu), but
 * read, checked and listed the same way, so every variable that tunes a backend is in this file.
 */
export const WEBGPU_TUNING = [
  {
    key: "webgpuSoftware",
    env: "VAEC_WEBGPU_SOFTWARE",
    kind: "switch",
    doc: "1: the ranking may take a software adapter; 0: refused even when forced",
  },
  {
    key: "webgpuDefaultLimits",
    env: "VAEC_WEBGPU_DEFAULT_LIMITS",
    kind: "switch",
    doc: "1: WebGPU's default device limits, as tfjs asks (reproduces VAE535)",
  },
] as const satisfies readonly TuningVariable[];

type TuningOf<S> = S extends { tuning: readonly (infer V)[] } ? V : never;
type AnyTuning = TuningOf<FastPathSwitch> | (typeof WEBGPU_TUNING)[number];

/** The tuning variables as set (undefined: unset or malformed, so the default applies). */
export type FastPathTuning = {
  [V in AnyTuning as V["key"]]?: V["kind"] extends "count" ? number : boolean;
};
export type TuningKey = keyof FastPathTuning;

/** Every tuning variable with the switch it belongs to (or the webgpu backend), in order. */
export const TUNING_VARIABLES: ReadonlyArray<TuningVariable & { of: SwitchKey | "webgpu" }> = [
  ...FAST_PATH_SWITCHES.flatMap((s: FastPathSwitchSpec) =>
    (s.tuning ?? []).map((v) => ({ ...v, of: s.key as SwitchKey })),
  ),
  ...WEBGPU_TUNING.map((v) => ({ ...v, of: "webgpu" as const })),
];

function settingsWhere(value: (s: FastPathSwitchSpec) => boolean): FastPathSettings {
  return Object.fromEntries(
    FAST_PATH_SWITCHES.map((s: FastPathSwitchSpec) => [s.key, value(s)]),
  ) as FastPathSettings;
}

export const FAST_PATH_DEFAULTS: Readonly<FastPathSettings> = settingsWhere((s) => s.default);

/** Every switch off: the backends without a fast path, and the benchmark's baseline. */
export const FAST_PATH_OFF: Readonly<FastPathSettings> = settingsWhere(() => false);

/** The switches of one group (in table order). */
export function switchesIn(group: SwitchGroup): SwitchKey[] {
  return FAST_PATH_SWITCHES.filter((s) => s.group === group).map((s) => s.key);
}

/** The switches given, each set to `on`: `switchesSet(switchesIn("fused-op"), false)`. */
export function switchesSet(keys: readonly SwitchKey[], on: boolean): Partial<FastPathSettings> {
  return Object.fromEntries(keys.map((key) => [key, on]));
}

/**
 * The environment that asks for `settings` (1 or 0 per switch given) and `tuning`, as the
 * benchmark sets it for each configuration's process.
 */
export function fastPathEnv(
  settings: Partial<FastPathSettings>,
  tuning: FastPathTuning = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of FAST_PATH_SWITCHES) {
    const on = settings[s.key];
    if (on !== undefined) env[s.env] = on ? "1" : "0";
  }
  for (const v of TUNING_VARIABLES) {
    const value = tuning[v.key as TuningKey];
    if (value !== undefined)
      env[v.env] = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
  }
  return env;
}

/**
 * The switches in effect: each one requested, with every switch it `needs` in effect and none
 * that displaces it. `requested` carries what the machine allowed (e.g. `blas` only with the
 * addon loaded).
 */
export function switchesInEffect(requested: FastPathSettings): FastPathSettings {
  const effect = { ...requested };
  for (const s of FAST_PATH_SWITCHES as readonly FastPathSwitchSpec[]) {
    const key = s.key as SwitchKey;
    const needed = (s.needs ?? []).every((n) => effect[n as SwitchKey]);
    const displaced = (s.displacedBy ?? []).some((d) => effect[d as SwitchKey]);
    effect[key] = requested[key] && needed && !displaced;
  }
  return effect;
}

/**
 * The defaults that depend on another switch: a switch left to its default is off where its
 * `offWith` switch is in effect (`inEffect`), with a note saying so. Explicit settings hold.
 */
export function applyConditionalDefaults(
  settings: FastPathSettings,
  explicit: readonly SwitchKey[],
  inEffect: Partial<FastPathSettings>,
): { settings: FastPathSettings; notes: string[] } {
  const out = { ...settings };
  const notes: string[] = [];
  for (const s of FAST_PATH_SWITCHES as readonly FastPathSwitchSpec[]) {
    const key = s.key as SwitchKey;
    const by = s.offWith as SwitchKey | undefined;
    if (by === undefined || !out[key] || explicit.includes(key) || !inEffect[by]) continue;
    out[key] = false;
    notes.push(`${s.label} off by default with ${switchSpec(by).label} (${s.env}=1 turns them on)`);
  }
  return { settings: out, notes };
}

/**
 * The switches on a backend: the requested ones where the backend is wasm, else only those that
 * act on any backend (the rest are loops over the wasm heap: tfjs's composed ops run instead).
 */
export function settingsOnBackend(backend: string, requested: FastPathSettings): FastPathSettings {
  if (backend === "wasm") return { ...requested };
  return settingsWhere((s) => s.backends === "any" && requested[s.key as SwitchKey]);
}

/** The table's entry for `key`. */
export function switchSpec(key: SwitchKey): FastPathSwitchSpec {
  return FAST_PATH_SWITCHES.find((s) => s.key === key) as FastPathSwitchSpec;
}
