import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The outcome of trying to import an optional backend package. */
export type ModuleLoad =
  | { kind: "loaded"; module: unknown }
  | { kind: "not-installed"; reason: string }
  | { kind: "failed"; reason: string };

/**
 * Imports a package that may be absent (tfjs-node and tfjs-node-gpu are optional dependencies
 * whose install downloads a native library, so they are often missing). A missing package and a
 * package that throws while loading are told apart so the user gets the right hint.
 */
export async function loadBackendModule(specifier: string, from?: string): Promise<ModuleLoad> {
  try {
    // `from` (a folder): resolve as a module there would, as tests do with a fake install.
    const target = from
      ? pathToFileURL(createRequire(path.join(from, "noop.js")).resolve(specifier)).href
      : specifier;
    return { kind: "loaded", module: await import(target) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    const missing =
      (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
      (message.includes(`'${specifier}'`) || message.includes(`"${specifier}"`));
    if (missing) return { kind: "not-installed", reason: "module not installed" };
    return { kind: "failed", reason: `failed to load: ${firstLine(message)}` };
  }
}

function firstLine(text: string): string {
  const line = text.split("\n").find((l) => l.trim() !== "") ?? text;
  return line.trim();
}
