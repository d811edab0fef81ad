import * as tf from "@tensorflow/tfjs-core";
import { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { Diagnostic } from "@vaec/compiler";
import { describeBackend } from "./backend-info.js";
import { BackendError, malformedSetting } from "./backend-diagnostics.js";
import { isFastMatMulInstalled } from "./fast-matmul.js";
import { resolveFastPath } from "./fast-path-settings.js";
import {
  FAST_PATH_DEFAULTS,
  FAST_PATH_OFF,
  FAST_PATH_SWITCHES,
  TUNING_VARIABLES,
  fastPathEnv,
} from "./fast-path-switches.js";
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
    // tfjs-node(-gpu) are absent, or present without their native library (an install whose
    // download failed): either way passed over with the reason. webgpu: no GPU adapter here.
    expect(info.unavailable.map((u) => u.name)).toEqual(["tfjs-node-gpu", "webgpu", "tfjs-node"]);
    expect(["not-installed", "failed"]).toContain(info.unavailable[2].kind);
    expect(info.unavailable[1].kind).toBe("no-gpu");
    expect(info.fastPath.matmul).toBe(true);
    expect(isFastMatMulInstalled()).toBe(true);
    const lines = describeBackend(info);
    expect(lines[0]).toMatch(/^backend: wasm/);
    expect(lines).toContain(`  not tfjs-node: ${info.unavailable[2].reason}`);
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
    // A folder where nothing is installed: tfjs-node resolves to nothing there.
    const empty: BackendLoaders = {
      importModule: (specifier) =>
        loadBackendModule(specifier, mkdtempSync(join(tmpdir(), "vaec-"))),
    };
    const { result, diagnostics } = await selectBackend(
      { backend: "tfjs-node", env: noEnv },
      empty,
    );
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
    expect(ranked.result?.unavailable[2].reason).toContain("libtensorflow.so.2");
    const forced = await selectBackend({ backend: "tfjs-node", env: noEnv }, broken);
    expect(forced.diagnostics[0].code).toBe("VAE531");
    expect(forced.diagnostics[0].message).toContain("libtensorflow.so.2");
  });

  it("falls back cleanly from a present-but-broken tfjs-node install, showing why", async () => {
    // What an install whose libtensorflow download failed leaves: the package, no native addon.
    const folder = mkdtempSync(join(tmpdir(), "vaec-broken-tfjs-node-"));
    for (const name of ["tfjs-node", "tfjs-node-gpu"]) {
      const dir = join(folder, "node_modules", "@tensorflow", name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name, main: "index.js" }));
      writeFileSync(
        join(dir, "index.js"),
        `throw new Error("The Node.js native addon module (tfjs_binding.node) can not be found at path: ${dir}/lib/napi-v8/tfjs_binding.node.");\n`,
      );
    }
    const broken: BackendLoaders = {
      importModule: async (specifier) =>
        specifier.startsWith("@tensorflow/tfjs-node")
          ? loadBackendModule(specifier, folder)
          : specifier === "webgpu" // so that a machine with a GPU also falls to wasm
            ? { kind: "not-installed", reason: "module not installed" }
            : loadBackendModule(specifier),
    };
    try {
      const ranked = await selectBackend({ env: noEnv }, broken);
      expect(ranked.result?.name).toBe("wasm");
      const passed = ranked.result!.unavailable;
      expect(passed.map((u) => u.name)).toEqual(["tfjs-node-gpu", "webgpu", "tfjs-node"]);
      expect([passed[0].kind, passed[2].kind]).toEqual(["failed", "failed"]);
      expect(describeBackend(ranked.result!)).toContain(
        `  not tfjs-node: failed to load: The Node.js native addon module (tfjs_binding.node) can not be found at path: ${join(folder, "node_modules/@tensorflow/tfjs-node")}/lib/napi-v8/tfjs_binding.node.`,
      );
      const forced = await selectBackend({ backend: "tfjs-node", env: noEnv }, broken);
      expect(forced.diagnostics.map((d) => d.code)).toEqual(["VAE531"]);
      expect(forced.diagnostics[0].message).toContain("tfjs_binding.node");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
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

  it("hands a malformed switch to onWarning and writes nothing to stderr itself", async () => {
    const written = vi.spyOn(process.stderr, "write");
    const warnings: Diagnostic[] = [];
    try {
      const env = { ...noEnv, VAEC_FUSED_TC: "sometimes" };
      const info = await initBackend({ env, onWarning: (d) => warnings.push(d) });
      expect(info.fastPath.fusedTc).toBe(true);
      expect(warnings.map((d) => d.code)).toEqual(["VAE534"]);
      await initBackend({ env });
      expect(written).not.toHaveBeenCalled();
    } finally {
      written.mockRestore();
    }
  });

  it("keeps on cpu only the switches of any backend (the attacks' solver)", async () => {
    const on = await initBackend({ env: { VAEC_BACKEND: "cpu" } });
    expect(on.fastPath).toEqual({ ...FAST_PATH_OFF, wasmLbfgsb: true });
    const off = await initBackend({ env: { VAEC_BACKEND: "cpu", VAEC_WASM_LBFGSB: "0" } });
    expect(off.fastPath).toEqual(FAST_PATH_OFF);
    await initBackend({ env: noEnv });
  });

  it("rejects an unknown backend name with VAE532 and a suggestion", async () => {
    const { result, diagnostics } = await selectBackend({ env: { VAEC_BACKEND: "wsam" } });
    expect(result).toBeUndefined();
    expect(diagnostics[0].code).toBe("VAE532");
    expect(diagnostics[0].help).toBe("did you mean `wasm`?");
  });
});

describe("resolveFastPath", () => {
  it("takes options over the environment over the default, for every switch of the table", () => {
    const defaults = resolveFastPath({}, {});
    expect(defaults.settings).toEqual(FAST_PATH_DEFAULTS);
    expect(defaults.explicit).toEqual([]);
    for (const { key, env } of FAST_PATH_SWITCHES) {
      const off = resolveFastPath({}, { [env]: "off" });
      expect(off.settings).toEqual({ ...FAST_PATH_DEFAULTS, [key]: false });
      expect(off.explicit).toEqual([key]);
      expect(resolveFastPath({ [key]: true }, { [env]: "0" }).settings[key]).toBe(true);
      expect(fastPathEnv({ [key]: false })).toEqual({ [env]: "0" });
    }
  });

  it("warns with VAE534 on a malformed value and keeps the default", () => {
    for (const { key, env } of FAST_PATH_SWITCHES) {
      const { settings, explicit, malformed } = resolveFastPath({}, { [env]: "maybe" });
      expect(settings[key]).toBe(FAST_PATH_DEFAULTS[key]);
      expect(explicit).toEqual([]);
      expect(malformed).toEqual([{ variable: env, raw: "maybe", kind: "switch" }]);
      const [d] = malformed.map(malformedSetting);
      expect([d.code, d.severity, d.message]).toEqual([
        "VAE534",
        "warning",
        `\`${env}\` is \`maybe\`, not a switch value`,
      ]);
    }
  });

  it("reads each tuning variable, and warns with VAE534 on a malformed one", () => {
    for (const v of TUNING_VARIABLES) {
      const value = v.kind === "count" ? 3 : false;
      const set = resolveFastPath({}, fastPathEnv({}, { [v.key]: value }));
      expect([set.tuning, set.malformed]).toEqual([{ [v.key]: value }, []]);
      const bad = resolveFastPath({}, { [v.env]: v.kind === "count" ? "0" : "maybe" });
      expect(bad.tuning).toEqual({});
      const diagnostics = bad.malformed.map(malformedSetting);
      expect(diagnostics.map((d) => d.code)).toEqual(["VAE534"]);
      expect(diagnostics[0].message).toContain(v.env);
    }
  });
});
