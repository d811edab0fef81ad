import { spawn } from "node:child_process";

export interface ChildOutcome<T> {
  ok: boolean;
  result?: T;
  /** Why it failed: the last lines of stderr, or the exit status. */
  error?: string;
  seconds: number;
}

/**
 * Runs one workload in its own process (so each configuration gets a fresh backend, its own
 * switches from `env`, and its own peak RSS) and parses the last JSON line it prints.
 */
export function runChild<T>(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
  timeoutSeconds: number,
): Promise<ChildOutcome<T>> {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutSeconds * 1000);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ ok: false, error: error.message, seconds: (performance.now() - start) / 1000 });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - start) / 1000;
      const line = stdout
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .pop();
      if (code === 0 && line) {
        try {
          resolve({ ok: true, result: JSON.parse(line) as T, seconds });
          return;
        } catch {
          // fall through to the failure report
        }
      }
      const lines = stderr.split("\n").filter((l) => l.trim() && !l.includes("npm warn"));
      // The error line itself says more than the stack under it.
      const errorLine = lines.find((l) => /^\w*Error\b|^error\[|Error:/.test(l.trim()));
      const tail = (errorLine ?? lines.slice(-2).join(" | ")).trim().slice(0, 300);
      const why =
        signal === "SIGKILL" ? `timed out after ${timeoutSeconds} s` : `exit ${code ?? signal}`;
      resolve({ ok: false, error: tail ? `${why}: ${tail}` : why, seconds });
    });
  });
}
