import { execFile } from "node:child_process";
import { join, resolve } from "node:path";

/** The repository root, and the `vaec` bin the end-to-end tests run as a subprocess. */
export const root = resolve(import.meta.dirname, "..");
export const vaecBin = join(root, "packages/cli/bin/vaec.js");

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `vaec ...args` in `cwd` without colour and resolves with its exit code and output. */
export function runVaec(cwd: string, ...args: string[]): Promise<Ran> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [vaecBin, ...args],
      { cwd, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
