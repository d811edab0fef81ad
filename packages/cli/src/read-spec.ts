import { readFile } from "node:fs/promises";
import type { Diagnostic } from "@vaec/dsl";
import { diag, NOWHERE, runtimeDiagnostic } from "@vaec/runtime/diagnostics";

/*
 * Reading a spec named on the command line. A path that cannot be read is a coded diagnostic
 * (VAE580) saying what the path is instead (missing, a folder, not readable), never a bare
 * ENOENT; commands count it as an error like any other.
 */

export type ReadSpec = { text: string } | { diagnostic: Diagnostic };

export async function readSpec(path: string): Promise<ReadSpec> {
  try {
    return { text: await readFile(path, "utf8") };
  } catch (error) {
    return { diagnostic: unreadableSpec(path, error as NodeJS.ErrnoException) };
  }
}

/** VAE580: a spec named on the command line cannot be read. */
export function unreadableSpec(path: string, error: NodeJS.ErrnoException): Diagnostic {
  const notes: string[] = [];
  let what: string;
  let help: string;
  switch (error.code) {
    case "ENOENT":
    case "ENOTDIR":
      what = "there is no such file";
      help = "check the path (relative paths start from the current folder)";
      if (/[*?[]/.test(path))
        notes.push("the shell passes a pattern on unchanged when no file matches it");
      break;
    case "EISDIR":
      what = "it is a folder";
      help = `give the specs in it, e.g. \`${path.replace(/\/$/, "")}/*.vae\``;
      break;
    case "EACCES":
    case "EPERM":
      what = "permission denied";
      help = "make the file readable (`chmod +r`) or run as a user who can read it";
      break;
    default:
      what = error.message;
      help = "check that the path names a readable .vae file";
  }
  return runtimeDiagnostic(diag.unreadableSpec(NOWHERE, { path, what }), { notes, help });
}
