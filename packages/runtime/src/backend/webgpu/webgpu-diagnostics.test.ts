import { describe, expect, it } from "vitest";
import { WebGpuFault, type GpuFaultKind } from "./gpu-fault.js";
import { gpuFault, noWebGpuAdapter } from "./webgpu-diagnostics.js";

/*
 * The WebGPU faults as a user reads them, without a GPU: each kind WebGPU reports has its own
 * code (its page says what to do), the run is said to be stopped, and what WebGPU said is kept
 * to two lines.
 */
describe("WebGPU diagnostics", () => {
  const kinds: Array<[GpuFaultKind, string]> = [
    ["validation", "VAE535"],
    ["out-of-memory", "VAE536"],
    ["internal", "VAE537"],
    ["device-lost", "VAE538"],
  ];

  it.each(kinds)("a %s fault is %s and stops the run", (kind, code) => {
    const d = gpuFault(kind, "line one\nline two\nline three", 40);
    expect(d).toMatchObject({ code, severity: "error" });
    expect(d.message).toMatch(/; the run was stopped$/);
    expect(d.notes).toEqual([
      "WebGPU said: line one line two",
      "the last good checkpoint (step 40) is kept",
    ]);
    expect(d.help).toContain("--backend wasm");
  });

  it("says when no checkpoint had been written, and nothing when there is no run", () => {
    expect(gpuFault("device-lost", "lost", null).notes).toContain(
      "no checkpoint had been written yet",
    );
    expect(gpuFault("internal", "x").notes).toEqual(["WebGPU said: x"]);
  });

  it("VAE539: no adapter names who asked for webgpu and how to get one", () => {
    const d = noWebGpuAdapter("no Vulkan loader", "`--backend webgpu`");
    expect(d.code).toBe("VAE539");
    expect(d.message).toBe(
      "backend `webgpu` found no WebGPU adapter (requested by `--backend webgpu`)",
    );
    expect(d.notes).toEqual(["no Vulkan loader"]);
    expect(d.help).toContain("libvulkan1");
  });

  it("a thrown WebGpuFault carries what the diagnostic needs", () => {
    const fault = new WebGpuFault("out-of-memory", "Out of memory creating buffer\nof 1 GiB");
    expect(fault.message).toBe(
      "a WebGPU out-of-memory error stopped the work: Out of memory creating buffer",
    );
    expect(gpuFault(fault.kind, fault.gpuMessage)).toMatchObject({
      code: "VAE536",
      notes: ["WebGPU said: Out of memory creating buffer of 1 GiB"],
    });
  });
});
