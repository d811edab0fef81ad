import {
  FAST_PATH_DEFAULTS,
  FAST_PATH_SWITCHES,
  TUNING_VARIABLES,
  type FastPathSettings,
  type FastPathTuning,
  type SwitchKey,
  type TuningKey,
} from "./fast-path-switches.js";

export type { FastPathSettings, FastPathTuning } from "./fast-path-switches.js";

/** The switches' variables by switch, from the table (fast-path-switches.ts). */
export const FAST_PATH_ENV = Object.fromEntries(
  FAST_PATH_SWITCHES.map((s) => [s.key, s.env]),
) as Readonly<Record<SwitchKey, string>>;

/** An environment value that is no switch value or count: VAE534 once worded
 * (backend-diagnostics.ts; the catalogue stays out of this browser-safe module). */
export interface MalformedSetting {
  variable: string;
  raw: string;
  kind: "switch" | "count";
}

export interface ResolvedFastPath {
  settings: FastPathSettings;
  /** The switches an option or the environment set, rather than left to their default. */
  explicit: SwitchKey[];
  tuning: FastPathTuning;
  /** Each malformed value (VAE534, a warning: the default is kept). */
  malformed: MalformedSetting[];
}

/**
 * Resolves the switches of the table: an explicit option wins over the environment, which wins
 * over the default; and the tuning variables (thread counts). A malformed environment value is
 * reported (VAE534) and the default kept.
 */
export function resolveFastPath(
  options: Partial<FastPathSettings> = {},
  // No `process.env` default: this module is part of the browser-safe core (src/core.ts).
  env: Readonly<Record<string, string | undefined>>,
): ResolvedFastPath {
  const malformed: MalformedSetting[] = [];
  const settings = { ...FAST_PATH_DEFAULTS };
  const explicit: SwitchKey[] = [];
  for (const { key, env: variable } of FAST_PATH_SWITCHES) {
    const fromOption = options[key];
    const parsed = fromOption ?? readVariable(env, variable, "switch", malformed);
    if (parsed === undefined) continue;
    settings[key] = parsed as boolean;
    explicit.push(key);
  }
  const tuning: Record<string, number | boolean> = {};
  for (const v of TUNING_VARIABLES) {
    const parsed = readVariable(env, v.env, v.kind, malformed);
    if (parsed !== undefined) tuning[v.key] = parsed;
  }
  return { settings, explicit, tuning: tuning as FastPathTuning, malformed };
}

/** A tuning variable as set, or undefined (unset or malformed: the default applies). */
export function tuningValue<K extends TuningKey>(
  env: Readonly<Record<string, string | undefined>>,
  key: K,
): FastPathTuning[K] {
  return resolveFastPath({}, env).tuning[key];
}

function readVariable(
  env: Readonly<Record<string, string | undefined>>,
  variable: string,
  kind: "switch" | "count",
  malformed: MalformedSetting[],
): boolean | number | undefined {
  const raw = env[variable];
  if (raw === undefined || raw === "") return undefined;
  const parsed = kind === "switch" ? parseSwitch(raw) : parseCount(raw);
  if (parsed === undefined) malformed.push({ variable, raw, kind });
  return parsed;
}

function parseSwitch(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (["1", "on", "true", "yes"].includes(v)) return true;
  if (["0", "off", "false", "no"].includes(v)) return false;
  return undefined;
}

function parseCount(raw: string): number | undefined {
  const n = Number(raw.trim());
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}
