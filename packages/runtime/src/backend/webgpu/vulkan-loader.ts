import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/*
 * Dawn reaches NVIDIA and AMD GPUs on Linux through Vulkan. Without the Vulkan loader
 * (libvulkan.so.1) there is no hardware adapter to find, and asking Dawn anyway makes it print a
 * warning on stderr from native code, which vaec cannot silence: so it looks for the loader first.
 */

const LOADER = "libvulkan.so.1";
const SYSTEM_DIRS = [
  "/usr/lib/x86_64-linux-gnu",
  "/usr/lib/aarch64-linux-gnu",
  "/usr/lib64",
  "/usr/lib",
  "/lib/x86_64-linux-gnu",
  "/lib64",
];

/** Whether the dynamic linker can find the Vulkan loader (LD_LIBRARY_PATH, ld.so.cache, usual
 * folders). Other platforms (Metal, D3D12) need no loader: true there. */
export function hasVulkanLoader(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform !== "linux") return true;
  const dirs = [...(env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean), ...SYSTEM_DIRS];
  if (dirs.some((dir) => existsSync(path.join(dir, LOADER)))) return true;
  try {
    return readFileSync("/etc/ld.so.cache").includes(LOADER);
  } catch {
    return false;
  }
}
