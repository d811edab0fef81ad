import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { ladderIr } from "../../test-support/ir-fixture.js";
import { createModel, disposeModel } from "../model/vae-model.js";
import { exportNpz } from "./export-npz.js";
import { encodeNpy } from "./npy.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function decodeNpy(bytes: Uint8Array): { shape: number[]; values: Float32Array; header: string } {
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
  const data = bytes.slice(10 + headerLength);
  return { shape, values: new Float32Array(data.buffer), header };
}

describe("npz export", () => {
  it("writes valid .npy headers aligned to 64 bytes", () => {
    const npy = encodeNpy(new Float32Array([1, 2, 3]), [3]);
    const { shape, values, header } = decodeNpy(npy);
    expect(Array.from(npy.subarray(0, 6))).toEqual([
      0x93,
      ...Array.from("NUMPY", (c) => c.charCodeAt(0)),
    ]);
    expect((10 + header.length) % 64).toBe(0);
    expect(header).toContain("'descr': '<f4'");
    expect(header.endsWith("\n")).toBe(true);
    expect(shape).toEqual([3]);
    expect(Array.from(values)).toEqual([1, 2, 3]);
  });

  it("holds every parameter by name with its values, plus the IR", async () => {
    const model = createModel(ladderIr(), 3);
    const files = unzipSync(await exportNpz(model));
    for (const [name, variable] of model.params) {
      const entry = files[`${name}.npy`];
      expect(entry, name).toBeDefined();
      const { shape, values } = decodeNpy(entry);
      expect(shape).toEqual(variable.shape);
      expect(Array.from(values)).toEqual(Array.from(variable.dataSync()));
    }
    expect(JSON.parse(new TextDecoder().decode(files["ir.json"])).name).toBe("Fixture");
    disposeModel(model);
  });
});
