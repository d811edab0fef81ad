import type { Command } from "commander";

/** What a command module exports: one `register(program)` that declares its flags and action. */
export interface CommandModule {
  register(program: Command): void;
}

/**
 * Every command, in the order `vaec --help` lists them, with the summary and arguments that
 * listing shows. Command modules import tfjs, the parser or prettier; loading all of them cost
 * `vaec --version` seconds, so only the command being run is imported, and the others appear in
 * the help as light stand-ins made from this table (a test checks it matches the modules).
 */
export const COMMANDS: ReadonlyArray<{
  name: string;
  summary: string;
  /** The arguments as `--help` shows them after the name, e.g. `[options] <file>`. */
  usage: string;
  load: () => Promise<CommandModule>;
}> = [
  // the main job
  {
    name: "run",
    summary: "compile, train, attack with all three attacks and write the HTML report",
    usage: "[options] <file>",
    load: () => import("./run.js"),
  },
  // write and understand a spec
  {
    name: "check",
    summary: "check specs for errors without compiling or training",
    usage: "[options] <files...>",
    load: () => import("./check.js"),
  },
  {
    name: "fmt",
    summary: "format .vae specs in place",
    usage: "[options] <files...>",
    load: () => import("./fmt.js"),
  },
  {
    name: "compile",
    summary: "check a spec and write its IR (the model the runtime trains)",
    usage: "[options] <file>",
    load: () => import("./compile.js"),
  },
  {
    name: "explain",
    summary: "explain a diagnostic code, or the model and objectives of a spec",
    usage: "[options] <code-or-file>",
    load: () => import("./explain.js"),
  },
  {
    name: "diagram",
    summary: "draw the plate diagram of a spec (generative p beside inference q)",
    usage: "[options] <file>",
    load: () => import("./diagram.js"),
  },
  // train and inspect
  {
    name: "train",
    summary: "train a spec; writes a run directory with checkpoints and metrics",
    usage: "[options] <file>",
    load: () => import("./train.js"),
  },
  {
    name: "eval",
    summary: "held-out ELBO, IWAE bound, per-layer KL and active units of a trained run",
    usage: "[options] <run>",
    load: () => import("./eval.js"),
  },
  {
    name: "sample",
    summary: "write PNG grids: reconstructions, prior samples, latent traversals",
    usage: "[options] <run>",
    load: () => import("./sample.js"),
  },
  {
    name: "export",
    summary: "write a run's weights and IR as .npz for NumPy / PyTorch",
    usage: "[options] <run>",
    load: () => import("./export.js"),
  },
  // robustness
  {
    name: "attack",
    summary:
      "attack a trained model (training the spec first if needed); writes results and a report",
    usage: "[options] <spec-or-run>",
    load: () => import("./attack.js"),
  },
  {
    name: "sweep",
    summary: "run a study: every point of the specs' grids trained, attacked and compared with CIs",
    usage: "[options] <files...>",
    load: () => import("./sweep.js"),
  },
  {
    name: "worker",
    summary: "run grid points from a Redis queue (`vaec sweep --queue`) on this machine",
    usage: "[options]",
    load: () => import("./worker.js"),
  },
  // teach
  {
    name: "playground",
    summary:
      "open the teaching playground: edit a spec, see its diagram and maths, train and attack it in a browser",
    usage: "[options]",
    load: () => import("./playground.js"),
  },
  // the machine
  {
    name: "doctor",
    summary:
      "show the machine, the backends available and chosen (with reasons), the fast-path switches and whether PyTorch is there for `npm run bench`",
    usage: "[options]",
    load: () => import("./doctor.js"),
  },
];

/** The command `argv` runs (`vaec help NAME` counts as NAME), or undefined for none. */
export function selectedCommand(argv: readonly string[]): string | undefined {
  const words = argv.filter((arg) => !arg.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return COMMANDS.some((c) => c.name === name) ? name : undefined;
}

/**
 * Registers the command `argv` selects from its own module, and every other one as a stand-in
 * that only lists itself in `vaec --help`. `all` loads every module (for tests).
 */
export async function registerCommands(
  program: Command,
  argv: readonly string[],
  all = false,
): Promise<void> {
  const selected = selectedCommand(argv);
  for (const entry of COMMANDS) {
    if (all || entry.name === selected) {
      (await entry.load()).register(program);
    } else {
      program.command(entry.name).summary(entry.summary).usage(entry.usage);
    }
  }
  // Descriptions are written as wrapped source lines; let commander wrap them to the terminal
  // instead, keeping blank-line paragraph breaks.
  for (const command of program.commands) {
    command.description(command.description().replace(/([^\n])\n(?=[^\n\s])/g, "$1 "));
  }
}
