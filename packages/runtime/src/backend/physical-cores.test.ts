import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { physicalCores } from "./physical-cores.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "vaec-cpu-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A fake sysfs: one `cpuN/topology` per logical CPU with its package and core ids. */
function topology(name: string, cpus: Array<[number, number]>): string {
  const dir = path.join(root, name);
  cpus.forEach(([pkg, core], i) => {
    const t = path.join(dir, `cpu${i}`, "topology");
    fs.mkdirSync(t, { recursive: true });
    fs.writeFileSync(path.join(t, "physical_package_id"), `${pkg}\n`);
    fs.writeFileSync(path.join(t, "core_id"), `${core}\n`);
  });
  fs.mkdirSync(path.join(dir, "cpufreq"), { recursive: true });
  return dir;
}

describe("physicalCores", () => {
  const cap = os.availableParallelism();
  it("counts distinct (package, core) pairs: hyperthreads of one core count once", () => {
    const ht = topology("ht", [
      [0, 0],
      [0, 1],
      [0, 0],
      [0, 1],
    ]);
    expect(physicalCores(ht)).toBe(Math.min(2, cap));
    const plain = topology("plain", [
      [0, 0],
      [0, 1],
    ]);
    expect(physicalCores(plain)).toBe(Math.min(2, cap));
    const sockets = topology("sockets", [
      [0, 0],
      [1, 0],
    ]);
    expect(physicalCores(sockets)).toBe(Math.min(2, cap));
  });

  it("falls back to half the logical cores when the topology cannot be read", () => {
    expect(physicalCores(path.join(root, "missing"))).toBe(Math.max(1, Math.floor(cap / 2)));
  });
});
