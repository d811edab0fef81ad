import { explainModel } from "@vaec/compiler";
import { ExitCode } from "../exit-code.js";
import { compileFile } from "./compile.js";
import { jsonOutput, setJsonResult } from "../json-output.js";

export interface ExplainSpecOptions {
  latex?: boolean;
  /** `--set name=value` entries as typed. */
  set?: string[];
}

/**
 * `vaec explain FILE [--latex]`: compiles the spec (diagnostics to stderr) and prints its
 * factorisations, training objective and attack objectives with a plain account of each term.
 * Called by the `explain` command for spec files; returns the exit code.
 */
export async function explainSpec(file: string, options: ExplainSpecOptions = {}): Promise<number> {
  const { compiled, code } = await compileFile(file, options.set ?? []);
  if (!compiled) return code;
  const text = explainModel(compiled.ir, { latex: options.latex === true });
  setJsonResult({ file, model: compiled.ir.name, text });
  if (!jsonOutput()) process.stdout.write(text);
  return ExitCode.Ok;
}
