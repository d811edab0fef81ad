import fs from "node:fs";
import type { Diagnostic } from "@vaec/compiler";
import { writeFileAtomic, writeAll } from "./atomic-write.js";
import { checkFormat } from "./read-versioned.js";
import { damagedRunFile } from "./store-diagnostics.js";
import { writeFailure } from "./store-error.js";
import { storeFs } from "./store-fs.js";
import { METRICS_FORMAT } from "./versions.js";

/*
 * metrics.jsonl: a header line `{"format":"vaec-metrics","version":1}`, then one JSON object per
 * line, appended as training goes. Each line is appended whole with one write; when a write
 * fails part-way (a full disk) the file is cut back to where it was, so it never holds half a
 * line. Readers still ignore a final line with no newline (a file copied mid-write, or written
 * by a process killed inside `write`).
 */

export type MetricsRecord = Record<string, unknown>;

const HEADER = JSON.stringify({ format: METRICS_FORMAT.name, version: METRICS_FORMAT.version });

/** Starts a fresh log holding only the header. */
export function createMetrics(file: string): void {
  writeFileAtomic(file, HEADER + "\n");
}

/** Appends one record as one whole line; a RunStoreError (file cut back) when the write fails. */
export function appendMetrics(file: string, record: MetricsRecord): void {
  const line = Buffer.from(JSON.stringify(record) + "\n", "utf8");
  let fd: number | undefined;
  let size = 0;
  try {
    fd = storeFs.openSync(file, "a");
    size = storeFs.fstatSync(fd).size;
    writeAll(fd, line);
    storeFs.closeSync(fd);
  } catch (error) {
    if (fd !== undefined) {
      try {
        storeFs.ftruncateSync(fd, size);
        storeFs.closeSync(fd);
      } catch {
        // The reader drops an unterminated last line anyway.
      }
    }
    throw writeFailure(file, error);
  }
}

/** The complete lines of the file's text (a last line with no newline is left out). */
function completeLines(text: string): string[] {
  const end = text.lastIndexOf("\n");
  return end < 0 ? [] : text.slice(0, end).split("\n");
}

/** The log's records (the header left out), with VAE547/VAE548 for a log of another version. */
export function readMetricsLog(file: string): {
  records: MetricsRecord[];
  diagnostics: Diagnostic[];
} {
  if (!fs.existsSync(file)) return { records: [], diagnostics: [] };
  const [first, ...rest] = completeLines(fs.readFileSync(file, "utf8"));
  if (first === undefined) return { records: [], diagnostics: [] };
  let header: unknown;
  try {
    header = JSON.parse(first);
  } catch {
    return { records: [], diagnostics: [damagedRunFile(file, "its first line is not JSON")] };
  }
  const problem = checkFormat(file, header, METRICS_FORMAT);
  if (problem) return { records: [], diagnostics: [problem] };
  const records = rest.flatMap((line) => {
    if (line.trim() === "") return [];
    try {
      return [JSON.parse(line) as MetricsRecord];
    } catch {
      return [];
    }
  });
  return { records, diagnostics: [] };
}

/** The log's records; empty when there is no log or it cannot be read (see readMetricsLog). */
export function readMetrics(file: string): MetricsRecord[] {
  return readMetricsLog(file).records;
}

/** On resume, keeps the header and the records up to the checkpoint's step (the rest will run again). */
export function truncateMetrics(file: string, lastStep: number): void {
  const kept = readMetrics(file).filter(
    (record) => typeof record.step !== "number" || record.step <= lastStep,
  );
  writeFileAtomic(file, [HEADER, ...kept.map((r) => JSON.stringify(r))].join("\n") + "\n");
}
