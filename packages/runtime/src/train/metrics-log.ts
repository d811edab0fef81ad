import fs from "node:fs";

/** The JSONL metrics log: one object per line, appended as training goes. */
export function appendMetrics(file: string, record: Record<string, unknown>): void {
  fs.appendFileSync(file, JSON.stringify(record) + "\n");
}

/** On resume, drops the lines logged after the checkpoint (steps that will be run again). */
export function truncateMetrics(file: string, lastStep: number): void {
  if (!fs.existsSync(file)) return;
  const kept = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => {
      if (line.trim() === "") return false;
      try {
        const record = JSON.parse(line) as { step?: number };
        return record.step === undefined || record.step <= lastStep;
      } catch {
        // A line cut short by a crash.
        return false;
      }
    });
  fs.writeFileSync(file, kept.map((line) => line + "\n").join(""));
}

export function readMetrics(file: string): Array<Record<string, unknown>> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}
