import type { Command } from "commander";
import { register as doctor } from "./doctor.js";
import { register as train } from "./train.js";
import { register as evaluate } from "./eval.js";
import { register as sample } from "./sample.js";
import { register as exportRun } from "./export.js";
import { register as compile } from "./compile.js";
import { register as diagram } from "./diagram.js";
import { register as check } from "./check.js";
import { register as explain } from "./explain.js";
import { register as fmt } from "./fmt.js";
import { register as attack } from "./attack.js";
import { register as run } from "./run.js";
import { register as sweep } from "./sweep.js";

/**
 * Every command, in the order `vaec --help` lists them. Each module exports one
 * `register(program)` that declares its flags and calls one library function.
 */
const commands: Array<(program: Command) => void> = [
  // the main job
  run,
  // write and understand a spec
  check,
  fmt,
  compile,
  explain,
  diagram,
  // train and inspect
  train,
  evaluate,
  sample,
  exportRun,
  // robustness
  attack,
  sweep,
  // the machine
  doctor,
];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
  // Descriptions are written as wrapped source lines; let commander wrap them to the terminal
  // instead, keeping blank-line paragraph breaks.
  for (const command of program.commands) {
    command.description(command.description().replace(/([^\n])\n(?=[^\n\s])/g, "$1 "));
  }
}
