import type { Command } from "commander";
import { register as doctor } from "./doctor.js";

/**
 * Every command, in the order `vaec --help` lists them. Each module exports one
 * `register(program)` that declares its flags and calls one library function.
 */
const commands: Array<(program: Command) => void> = [doctor];

export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
