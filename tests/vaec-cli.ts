import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The repository root, and the `vaec` entry the end-to-end tests run as a subprocess: the CLI's
 * TypeScript source, not the build the installed bin runs (tests/install.test.ts tests that).
 */
export const root = resolve(import.meta.dirname, "..");
export const vaecBin = join(root, "packages/cli/src/bin.ts");

/**
 * How Node runs our packages from source: the `@vaec/source` export condition (src/*.ts ahead
 * of dist/) and tsx's loader. Set in NODE_OPTIONS rather than as flags so that every process
 * vaec starts in turn (a sweep's pool, a worker's jobs) inherits it with the environment.
 */
export const sourceNodeOptions = `--conditions=@vaec/source --import=${pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href}`;
if (!process.env.NODE_OPTIONS?.includes(sourceNodeOptions)) {
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, sourceNodeOptions]
    .filter(Boolean)
    .join(" ");
}

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

/**
 * Runs one of the repository's scripts (`examples/study/*.ts`) in `cwd` as a user would, the
 * packages from source (NODE_OPTIONS above), and resolves with its exit code and output.
 */
export function runScript(script: string, cwd: string, ...args: string[]): Promise<Ran> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, script), ...args], { cwd }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
