import * as tf from "@tensorflow/tfjs-core";
import { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu";
import { describe, expect, it } from "vitest";
import { describeBackend } from "./backend-info.js";
import { BackendError } from "./backend-diagnostics.js";
import { isFastMatMulInstalled } from "./fast-matmul.js";
import { resolveFastPath } from "./fast-path-settings.js";
import { initBackend, selectBackend, type BackendLoaders } from "./init-backend.js";
import { loadBackendModule } from "./load-backend-module.js";

// The BLAS addon is optional (npm run build:blas); these tests are about the rest.
const noEnv = { VAEC_BLAS: "0" };

describe("initBackend", () => {
  it("falls to wasm here and says why each better backend was passed over", async () => {
    const info = await initBackend({ env: noEnv });
    expect(info.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(info.forcedBy).toBeUndefined();
    expect(info.unavailable.map((u) => [u.name, u.kind])).toEqual([
      ["tfjs-node-gpu", "not-installed"],
      ["tfjs-node", "not-installed"],
    ]);
    expect(info.fastPath.matmul).toBe(true);
    expect(isFastMatMulInstalled()).toBe(true);
    const lines = describeBackend(info);
    expect(lines[0]).toMatch(/^backend: wasm/);
    expect(lines).toContain("  not tfjs-node: module not installed");
  });

  it("is forced by VAEC_BACKEND and by the option, the option winning", async () => {
    const byEnv = await initBackend({ env: { VAEC_BACKEND: "cpu" } });
    expect([byEnv.name, byEnv.forcedBy, tf.getBackend()]).toEqual(["cpu", "VAEC_BACKEND", "cpu"]);
    const byOption = await initBackend({ backend: "wasm", env: { VAEC_BACKEND: "cpu" } });
    expect([byOption.name, byOption.forcedBy, tf.getBackend()]).toEqual(["wasm", "option", "wasm"]);
  });

  it("turns the matmul override off with VAEC_FAST_MATMUL=0", async () => {
    const info = await initBackend({ env: { ...noEnv, VAEC_FAST_MATMUL: "0" } });
    expect(info.fastPath.matmul).toBe(false);
    expect(isFastMatMulInstalled()).toBe(false);
    await initBackend({ env: noEnv });
    expect(isFastMatMulInstalled()).toBe(true);
  });

  it("reports a forced backend that is not installed as VAE530 with the install hint", async () => {
    const { result, diagnostics } = await selectBackend({ backend: "tfjs-node", env: noEnv });
    expect(result).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].code).toBe("VAE530");
    expect(diagnostics[0].message).toBe(
      "backend `tfjs-node` is not installed (requested by `--backend`)",
    );
    expect(diagnostics[0].help).toContain("npm install @tensorflow/tfjs-node");
    await expect(initBackend({ env: { VAEC_BACKEND: "tfjs-node-gpu" } })).rejects.toThrow(
      BackendError,
    );
  });

  it("reports a backend that throws while loading as VAE531 with the message", async () => {
    const broken: BackendLoaders = {
      importModule: async (specifier) =>
        specifier === "@tensorflow/tfjs-node"
          ? {
              kind: "failed",
              reason: "failed to load: libtensorflow.so.2: cannot open shared object file",
            }
          : loadBackendModule(specifier),
    };
    const ranked = await selectBackend({ env: noEnv }, broken);
    expect(ranked.result?.name).toBe("wasm");
    expect(ranked.result?.unavailable[1].reason).toContain("libtensorflow.so.2");
    const forced = await selectBackend({ backend: "tfjs-node", env: noEnv }, broken);
    expect(forced.diagnostics[0].code).toBe("VAE531");
    expect(forced.diagnostics[0].message).toContain("libtensorflow.so.2");
  });

  it("passes over tfjs-node-gpu without a GPU, and reports it as VAE533 when forced", async () => {
    // A stand-in `tensorflow` backend (tfjs's cpu backend: no native binding, so no GPU).
    tf.registerBackend("tensorflow", () => new MathBackendCPU(), -1);
    const gpuPackage: BackendLoaders = {
      importModule: async (specifier) =>
        specifier === "@tensorflow/tfjs-node-gpu"
          ? { kind: "loaded", module: {} }
          : loadBackendModule(specifier),
    };
    try {
      const ranked = await selectBackend({ env: noEnv }, gpuPackage);
      expect(ranked.result?.name).toBe("wasm");
      expect(ranked.result?.unavailable[0]).toMatchObject({
        name: "tfjs-node-gpu",
        kind: "no-gpu",
      });
      const forced = await selectBackend({ backend: "tfjs-node-gpu", env: noEnv }, gpuPackage);
      expect(forced.diagnostics.map((d) => d.code)).toEqual(["VAE533"]);
    } finally {
      await initBackend({ env: noEnv });
      tf.removeBackend("tensorflow");
    }
  });

  it("rejects an unknown backend name with VAE532 and a suggestion", async () => {
    const { result, diagnostics } = await selectBackend({ env: { VAEC_BACKEND: "wsam" } });
    expect(result).toBeUndefined();
    expect(diagnostics[0].code).toBe("VAE532");
    expect(diagnostics[0].help).toBe("did you mean `wasm`?");
  });
});

describe("resolveFastPath", () => {
  it("takes options over the environment over the default", () => {
    expect(resolveFastPath({}, {}).settings).toEqual({
      matmul: true,
      fusedAdam: true,
      blas: true,
      sharedIdentity: true,
      adamInPlace: true,
      fusedLikelihood: true,
      logSumExpGrad: true,
      fusedDense: true,
      simdAdam: true,
      fusedTc: true,
      wasmThreads: true,
      wasmLbfgsb: true,
    });
    expect(resolveFastPath({}, { VAEC_FAST_MATMUL: "off" }).settings.matmul).toBe(false);
    expect(resolveFastPath({ matmul: true }, { VAEC_FAST_MATMUL: "0" }).settings.matmul).toBe(true);
  });

  it("warns with VAE534 on a malformed value and keeps the default", () => {
    const { settings, diagnostics } = resolveFastPath({}, { VAEC_FAST_MATMUL: "maybe" });
    expect(settings.matmul).toBe(true);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([["VAE534", "warning"]]);
  });
});
