import { afterEach, describe, expect, it, vi } from "vitest";
import { FAST_PATH_OFF, FAST_PATH_SWITCHES, TUNING_VARIABLES } from "@vaec/runtime";
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
    expect(report.fastPath.map((s: { env: string }) => s.env)).toEqual(
      FAST_PATH_SWITCHES.map((s) => s.env),
    );
    // On cpu only the switch that acts on any backend (the attacks' solver) is in effect.
    expect(report.backend.fastPath).toEqual({ ...FAST_PATH_OFF, wasmLbfgsb: true });
    expect(typeof report.torch.present).toBe("boolean");
  });

  it("lists every switch and tuning variable of the table with its doc", async () => {
    const io = capture();
    expect(await main(["doctor", "--backend", "cpu"])).toBe(0);
    const lines = io.out().split("\n");
    for (const s of [...FAST_PATH_SWITCHES, ...TUNING_VARIABLES]) {
      const line = lines.find((l) => l.trim().startsWith(`${s.env} `));
      expect(line, s.env).toContain(s.doc);
    }
    expect(lines.find((l) => l.includes("VAEC_WASM_LBFGSB"))).toMatch(/ on /);
    expect(lines.find((l) => l.includes("VAEC_FUSED_TC"))).toMatch(/ n\/a /);
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
