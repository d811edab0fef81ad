import { describe, expect, it } from "vitest";
import { NOWHERE, runtimeDiagnostic } from "../backend/runtime-diagnostic.js";
import { diagnosticsFailure, failureDiagnostics } from "./job-failure.js";

describe("job failures", () => {
  it("carries coded diagnostics through the failed reason, as an unrecoverable error", () => {
    const d = runtimeDiagnostic(
      {
        code: "VAE501",
        severity: "error",
        message: "data file `x.npy` does not exist",
        span: NOWHERE,
      },
      { help: "check the path" },
    );
    const error = diagnosticsFailure([d]);
    // What BullMQ's sandbox copies across processes: the own properties.
    const copied = JSON.parse(JSON.stringify(error, Object.getOwnPropertyNames(error))) as Error;
    expect(copied.name).toBe("UnrecoverableError");
    expect(failureDiagnostics("abc", copied.message, 1)).toEqual([d]);
  });

  it("reports any other failure as VAE617 with the attempts and the reason", () => {
    const [d] = failureDiagnostics("abc", "child process exited with SIGKILL\n  at ...", 3);
    expect(d.code).toBe("VAE617");
    expect(d.message).toBe(
      "point `abc` failed on the workers 3 times: child process exited with SIGKILL",
    );
    expect(failureDiagnostics("abc", undefined, 1)[0].message).toContain("no reason recorded");
  });
});
