import fs from "node:fs";
import os from "node:os";

/*
 * The number of physical cores, which is what OpenBLAS (and so PyTorch) uses by default: two
 * hyperthreads of one core share its FMA units, so a second sgemm thread there gains little and
 * competes with the first. Read from Linux's CPU topology (distinct package and core id pairs
 * among the CPUs this process may run on); where that is not readable, half the logical cores,
 * the usual two-way hyperthreaded case.
 */
export function physicalCores(root = "/sys/devices/system/cpu"): number {
  const fallback = Math.max(1, Math.floor(os.availableParallelism() / 2));
  try {
    const cpus = fs.readdirSync(root).filter((name) => /^cpu\d+$/.test(name));
    const cores = new Set<string>();
    for (const cpu of cpus) {
      const dir = `${root}/${cpu}/topology`;
      if (!fs.existsSync(`${dir}/core_id`)) continue;
      const read = (file: string) => fs.readFileSync(`${dir}/${file}`, "utf8").trim();
      cores.add(`${read("physical_package_id")}:${read("core_id")}`);
    }
    if (cores.size === 0) return fallback;
    // A container may see every CPU in sysfs but be allowed fewer.
    return Math.max(1, Math.min(cores.size, os.availableParallelism()));
  } catch {
    return fallback;
  }
}
