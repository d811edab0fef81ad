import { diagnosticsToJson, internalError, type Diagnostic } from "@vaec/dsl";
import { writeJson } from "./json-stream.js";

/*
 * `--json` on every command (docs/cli-json.md): stdout carries exactly one JSON document,
 *
 *   { "ok": true, "command": "eval", "result": { ... }, "diagnostics": [ ... ] }
 *
 * written when the command ends, whatever happened; progress and notes stay on stderr. While a
 * command runs under `withJsonOutput`, printDiagnostics (render.ts) collects diagnostics here
 * instead of rendering them, and the command hands its result to `setJsonResult` instead of
 * printing it.
 */

export interface JsonDocument {
  ok: boolean;
  command: string;
  result: unknown;
  diagnostics: readonly Diagnostic[];
}

interface Session {
  command: string;
  result: unknown;
  diagnostics: Diagnostic[];
}

let session: Session | null = null;

/** Whether a `--json` command is running (its human output must stay off stdout). */
export function jsonOutput(): boolean {
  return session !== null;
}

/** The result of the running `--json` command (the last call wins). */
export function setJsonResult(result: unknown): void {
  if (session) session.result = result;
}

/** Collects diagnostics for the document; false when no `--json` command is running. */
export function collectDiagnostics(diagnostics: readonly Diagnostic[]): boolean {
  if (!session) return false;
  // A loop, not push(...all): a spread of 100k diagnostics overflows the call stack.
  for (const d of diagnostics) session.diagnostics.push(d);
  return true;
}

/**
 * Runs one command's body; with `json`, writes the document when it ends. A body that throws
 * still writes one (with an internal-error diagnostic) before the error goes on to main.
 */
export async function withJsonOutput(
  command: string,
  json: boolean | undefined,
  body: () => Promise<number>,
  /** For a stream of NDJSON events: the document on one line, so it is the stream's last line. */
  options: { oneLine?: boolean } = {},
): Promise<number> {
  if (!json) return body();
  session = { command, result: null, diagnostics: [] };
  const current = session;
  let code: number | undefined;
  try {
    code = await body();
    return code;
  } catch (error) {
    current.diagnostics.push(internalError(error));
    throw error;
  } finally {
    session = null;
    const errors = current.diagnostics.some((d) => d.severity === "error");
    writeDocument(
      {
        ok: code === 0 && !errors,
        command,
        result: current.result ?? null,
        diagnostics: current.diagnostics,
      },
      options.oneLine,
    );
  }
}

export function writeDocument(document: JsonDocument, oneLine = false): void {
  const json = { ...document, diagnostics: diagnosticsToJson(document.diagnostics) };
  if (oneLine) {
    process.stdout.write(JSON.stringify(json) + "\n");
    return;
  }
  // In pieces: one string of a million diagnostics would pass V8's string limit (json-stream.ts).
  writeJson(json, (chunk) => process.stdout.write(chunk));
  process.stdout.write("\n");
}
