/*
 * `--steps`, `--epochs`, `--seed` and `--data` are spellings of `--set train.steps=N` and so on:
 * they are merged into the `--set` map before compiling, so they reach the IR, and through it
 * the run's identity, by exactly the path `--set` takes. There is no other way to override a
 * training setting.
 */

export interface TrainFlagValues {
  steps?: string;
  epochs?: string;
  seed?: string;
  data?: string;
}

const FLAG_SETTINGS: Array<[keyof TrainFlagValues, string, number]> = [
  ["steps", "train.steps", 1],
  ["epochs", "train.epochs", 1],
  ["seed", "train.seed", 0],
];

/** Built-in data sets `--data` names (a file source is written with `--set train.data=...`). */
export const DATA_NAMES = ["sprites", "mnist"] as const;

/** `set` with the flags merged in; a usage message when a flag is malformed or contradicts a `--set`. */
export function withTrainFlags(
  set: Record<string, string>,
  flags: TrainFlagValues,
): { set: Record<string, string> } | { error: string } {
  const merged = { ...set };
  const assign = (flag: string, key: string, value: string): string | null => {
    if (merged[key] !== undefined && merged[key] !== value) {
      return `\`--${flag} ${value}\` and \`--set ${key}=${merged[key]}\` disagree; give one`;
    }
    merged[key] = value;
    return null;
  };
  for (const [flag, key, min] of FLAG_SETTINGS) {
    const value = flags[flag];
    if (value === undefined) continue;
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      return { error: `\`--${flag}\` needs a whole number >= ${min}, got \`${value}\`` };
    }
    const problem = assign(flag, key, String(n));
    if (problem) return { error: problem };
  }
  if (flags.steps !== undefined && flags.epochs !== undefined) {
    return { error: "give `--epochs` or `--steps`, not both" };
  }
  if (flags.data !== undefined) {
    if (!(DATA_NAMES as readonly string[]).includes(flags.data)) {
      return {
        error:
          `\`--data\` takes ${DATA_NAMES.join(" or ")}, got \`${flags.data}\` ` +
          "(a file is `--set 'train.data=npy(\"file.npy\")'`)",
      };
    }
    const problem = assign("data", "train.data", flags.data);
    if (problem) return { error: problem };
  }
  return { set: merged };
}

/** The command as the user typed it, for messages that suggest adding `--resume` to it. */
export function typedCommand(argv: readonly string[] = process.argv.slice(2)): string {
  const quote = (a: string) => (/^[\w./=:,@+-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  return ["vaec", ...argv.map(quote)].join(" ");
}
