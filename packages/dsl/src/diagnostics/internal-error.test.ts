import { describe, expect, it } from "vitest";
import { internalError } from "./internal-error.js";
import { renderDiagnostic } from "./render.js";

describe("internalError", () => {
  it("is VAE900 with the exception's message and a help line", () => {
    const d = internalError(new Error("boom"), { file: "a.vae" });
    expect(d).toMatchObject({
      code: "VAE900",
      severity: "error",
      message: "internal error: boom",
      file: "a.vae",
      notes: [],
      help: "this is a bug in vaec; please report it with the spec and the command you ran",
    });
    expect(internalError("not an Error").message).toBe("internal error: not an Error");
  });

  it("keeps the stack's first lines as notes when asked (a child process's crash)", () => {
    const error = new Error("boom");
    error.stack = "Error: boom\n    at f (a.js:1:1)\n    at g (b.js:2:2)";
    expect(internalError(error, { withStack: true }).notes).toEqual([
      "at f (a.js:1:1)",
      "at g (b.js:2:2)",
    ]);
  });

  it("renders without a source line when it has no file", () => {
    const text = renderDiagnostic(internalError(new Error("boom")), undefined, { color: false });
    expect(text).toContain("error[VAE900]: internal error: boom");
    expect(text).toContain("help: this is a bug in vaec");
  });
});
