import { describe, expect, it } from "vitest";
import {
  FAST_PATH_DEFAULTS,
  FAST_PATH_OFF,
  FAST_PATH_SWITCHES,
  TUNING_VARIABLES,
  applyConditionalDefaults,
  settingsOnBackend,
  switchesInEffect,
  type FastPathSwitchSpec,
} from "./fast-path-switches.js";

const table: readonly FastPathSwitchSpec[] = FAST_PATH_SWITCHES;
const keys = table.map((s) => s.key);

describe("the fast-path table", () => {
  it("names each switch, variable and tuning variable once", () => {
    const variables = [...table.map((s) => s.env), ...TUNING_VARIABLES.map((v) => v.env)];
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(variables).size).toBe(variables.length);
    expect(new Set(TUNING_VARIABLES.map((v) => v.key)).size).toBe(TUNING_VARIABLES.length);
    for (const name of variables) expect(name).toMatch(/^VAEC_[A-Z_]+$/);
  });

  it("has a one-line doc for each switch and tuning variable", () => {
    for (const { doc } of [...table, ...TUNING_VARIABLES]) {
      expect(doc).not.toContain("\n");
      expect(doc.length).toBeGreaterThan(10);
      expect(doc.length).toBeLessThanOrEqual(100);
    }
  });

  it("refers only to switches listed before (in effect is decided in table order)", () => {
    table.forEach((s, i) => {
      const earlier = keys.slice(0, i);
      for (const other of [...(s.needs ?? []), ...(s.displacedBy ?? [])])
        expect(earlier, `${s.key} refers to ${other}`).toContain(other);
      if (s.offWith !== undefined) expect(earlier).toContain(s.offWith);
    });
  });

  it("derives the settings in effect from needs and displacedBy", () => {
    const all = { ...FAST_PATH_DEFAULTS };
    expect(switchesInEffect(all)).toEqual({ ...all, simdAdam: false });
    const noAddon = switchesInEffect({ ...all, blas: false });
    expect([noAddon.simdAdam, noAddon.adamInPlace]).toEqual([true, true]);
    const noFusedAdam = switchesInEffect({ ...all, blas: false, fusedAdam: false });
    expect([noFusedAdam.simdAdam, noFusedAdam.adamInPlace]).toEqual([false, false]);
  });

  it("turns a defaulted switch off with its offWith switch in effect, an explicit one not", () => {
    const defaulted = applyConditionalDefaults(FAST_PATH_DEFAULTS, [], { blas: true });
    expect(defaulted.settings.wasmThreads).toBe(false);
    expect(defaulted.notes).toEqual([
      "wasm threads off by default with OpenBLAS (VAEC_WASM_THREADS=1 turns them on)",
    ]);
    const explicit = applyConditionalDefaults(FAST_PATH_DEFAULTS, ["wasmThreads"], { blas: true });
    expect([explicit.settings.wasmThreads, explicit.notes]).toEqual([true, []]);
    const noAddon = applyConditionalDefaults(FAST_PATH_DEFAULTS, [], { blas: false });
    expect([noAddon.settings.wasmThreads, noAddon.notes]).toEqual([true, []]);
  });

  it("keeps on other backends only the switches that act on any backend", () => {
    const anyBackend = table.filter((s) => s.backends === "any").map((s) => s.key);
    expect(anyBackend).toEqual(["wasmLbfgsb"]);
    expect(settingsOnBackend("cpu", FAST_PATH_DEFAULTS)).toEqual({
      ...FAST_PATH_OFF,
      wasmLbfgsb: true,
    });
    expect(settingsOnBackend("webgpu", FAST_PATH_OFF)).toEqual(FAST_PATH_OFF);
    expect(settingsOnBackend("wasm", FAST_PATH_DEFAULTS)).toEqual(FAST_PATH_DEFAULTS);
  });
});
