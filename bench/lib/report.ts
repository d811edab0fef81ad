import type { Summary } from "./stats.js";

export interface Row {
  section: string;
  label: string;
  status: "ok" | "skipped" | "failed" | "pending";
  /** images/s for training rows, ms for compile rows. */
  value?: Summary;
  /** Images per CPU-second (user + system of the process): far less sensitive than wall-clock
   * to other processes on the machine, but blind to the gain from extra threads. */
  cpu?: Summary;
  unit?: string;
  peakRssMiB?: number;
  tensors?: string;
  note?: string;
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** The table printed at the end of `npm run bench`. */
export function renderTable(rows: Row[]): string {
  const lines: string[] = [];
  let section = "";
  const head = `${"".padEnd(46)} ${"median".padStart(11)} ${"min-max".padStart(11)} ${"spread".padStart(6)} ${"per CPU-s".padStart(9)} ${"RSS MiB".padStart(7)}  tensors`;
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      lines.push("", section, head);
    }
    const label = `  ${r.label}`.padEnd(46);
    if (r.status !== "ok" || !r.value) {
      lines.push(`${label} ${r.status}: ${r.note ?? ""}`);
      continue;
    }
    const v = r.value;
    const cpu = r.cpu ? fmt(r.cpu.median) : "";
    lines.push(
      `${label} ${`${fmt(v.median)} ${r.unit ?? ""}`.padStart(11)} ${`${fmt(v.min)}-${fmt(v.max)}`.padStart(11)} ${`${(100 * v.spread).toFixed(0)}%`.padStart(6)} ${cpu.padStart(9)} ${String(r.peakRssMiB ?? "").padStart(7)}  ${r.tensors ?? ""}${r.note ? `  ${r.note}` : ""}`,
    );
  }
  return lines.join("\n");
}
