import fs from "node:fs";
import type { Diagnostic } from "@vaec/compiler";
import { damagedRunFile, incompatibleVersion } from "./store-diagnostics.js";
import type { FileFormat } from "./versions.js";

export type Checked<T> = { result?: T; diagnostics: Diagnostic[] };

/**
 * Whether a parsed file is of `format` at its version: null when it is, else VAE547 (wrong
 * version, naming the one found) or VAE548 (not this kind of file at all). The IR has no format
 * name, so an empty `format.name` checks the version only.
 */
export function checkFormat(file: string, value: unknown, format: FileFormat): Diagnostic | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return damagedRunFile(file, `it holds no ${format.what}`);
  }
  const record = value as { format?: unknown; version?: unknown };
  if (format.name !== "" && record.format !== format.name) {
    // Files from before formats were named carry neither field: an older version.
    if (record.format === undefined) return incompatibleVersion(file, format, record.version);
    return damagedRunFile(file, `it is a \`${String(record.format)}\`, not a ${format.what}`);
  }
  if (record.version !== format.version) return incompatibleVersion(file, format, record.version);
  return null;
}

/** Reads and checks a JSON file of `format`; a missing file is VAE548 too (callers check first). */
export function readVersionedJson<T>(file: string, format: FileFormat): Checked<T> {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "the file is missing"
        : `it is not JSON (${(error as Error).message})`;
    return { diagnostics: [damagedRunFile(file, reason)] };
  }
  const problem = checkFormat(file, value, format);
  return problem ? { diagnostics: [problem] } : { result: value as T, diagnostics: [] };
}
