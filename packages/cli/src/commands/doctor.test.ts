import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../main.js";

function capture() {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
  return { out: () => out, err: () => err };
}

describe("vaec doctor", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it("reports every backend, the one chosen, the switches and PyTorch as JSON", async () => {
    const io = capture();
    const code = await main(["doctor", "--json", "--backend", "cpu"]);
    expect(code).toBe(0);
    const document = JSON.parse(io.out());
    expect(document).toMatchObject({ ok: true, command: "doctor", diagnostics: [] });
    const report = document.result;
    expect(report.node).toBe(process.version);
    expect(report.backends.map((b: { name: string }) => b.name)).toEqual([
      "tfjs-node-gpu",
      "webgpu",
      "tfjs-node",
      "wasm",
      "cpu",
    ]);
    expect(report.backend.name).toBe("cpu");
    expect(report.backend.forcedBy).toBe("option");
    expect(report.fastPath.map((s: { env: string }) => s.env)).toEqual([
      "VAEC_FAST_MATMUL",
      "VAEC_FUSED_ADAM",
      "VAEC_BLAS",
      "VAEC_SHARED_IDENTITY",
      "VAEC_ADAM_IN_PLACE",
      "VAEC_FUSED_LIKELIHOOD",
      "VAEC_LOGSUMEXP_GRAD",
      "VAEC_FUSED_DENSE",
      "VAEC_SIMD_ADAM",
      "VAEC_FUSED_TC",
      "VAEC_WASM_THREADS",
      "VAEC_WASM_LBFGSB",
    ]);
    expect(typeof report.torch.present).toBe("boolean");
  });

  it("fails with the backend's diagnostic when the forced backend is unknown", async () => {
    const io = capture();
    const code = await main(["doctor", "--backend", "wsam"]);
    expect(code).toBe(1);
    expect(io.out()).toContain("backends");
    expect(io.err()).toContain("error[VAE532]: unknown backend `wsam` requested by `--backend`");
    expect(io.err()).toContain("did you mean `wasm`?");
  });
});
