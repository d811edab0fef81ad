import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expandGrid } from "../study/expand-grid.js";
import type { StudyPoint } from "../study/study-point.js";
import { toQueuedPoint } from "./queue-pool.js";
import { prepareQueuedPoint } from "./run-queued-point.js";

/*
 * The worker's checks on a point from the queue, before anything runs: the submitter expands a
 * grid on its machine (spec folder `submit/`), the worker prepares the point against its own
 * data root (`worker/`) and artifacts folder.
 */

const base = mkdtempSync(join(tmpdir(), "vaec-queued-point-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const spec = (data: string) => `
model Tiny {
  data   x : real[4] in [0, 1]
  latent z : 2
  p(z)     = Normal(0, 1)
  p(x | z) = Normal(mlp[4])
  q(z | x) = Normal(mlp[4])
}
train { data = ${data}, batch = 4, steps = 2, held_out = 2 }
`;

/** A 6 x 4 float32 .npy file whose values depend on `fill`. */
function npy(path: string, fill: number): void {
  const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (6, 4), }";
  const padded = header + " ".repeat(64 - ((10 + header.length + 1) % 64)) + "\n";
  const head = Buffer.alloc(10);
  head.write("\x93NUMPY", 0, "latin1");
  head.writeUInt8(1, 6);
  head.writeUInt16LE(padded.length, 8);
  const body = Buffer.from(new Float32Array(24).fill(fill).buffer);
  writeFileSync(path, Buffer.concat([head, Buffer.from(padded, "latin1"), body]));
}

function submitted(data: string, file = "tiny.vae"): StudyPoint {
  const dir = join(base, "submit");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, spec(data));
  const grid = expandGrid([{ file: path, text: spec(data) }], { out: join(dir, "runs") });
  expect(grid.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return grid.points[0];
}

const worker = { name: "box:1", dataRoot: join(base, "worker"), artifacts: join(base, "runs") };
mkdirSync(worker.dataRoot, { recursive: true });
mkdirSync(join(base, "submit"), { recursive: true });

describe("prepareQueuedPoint", () => {
  it("accepts a point with the same data under the worker's root, with the worker's folders", () => {
    npy(join(base, "submit/x.npy"), 0.5);
    npy(join(worker.dataRoot, "x.npy"), 0.5);
    const point = submitted(`npy("x.npy")`);
    const { point: local, diagnostics } = prepareQueuedPoint(toQueuedPoint(point), worker);
    expect(diagnostics).toEqual([]);
    expect(local?.id).toBe(point.id);
    expect(local?.dataRoot).toBe(worker.dataRoot);
    expect(local?.runDir).toBe(join(worker.artifacts, `Tiny-${point.id.slice(0, 8)}`));
  });

  it("refuses other data under the same name (VAE616): the run id covers the content", () => {
    npy(join(base, "submit/y.npy"), 0.5);
    npy(join(worker.dataRoot, "y.npy"), 0.25);
    const { point, diagnostics } = prepareQueuedPoint(
      toQueuedPoint(submitted(`npy("y.npy")`)),
      worker,
    );
    expect(point).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(["VAE616"]);
    expect(diagnostics[0].message).toContain("different run identity");
  });

  it("refuses data outside the data root (VAE615)", () => {
    const { diagnostics } = prepareQueuedPoint(
      toQueuedPoint(submitted(`npy("../submit/x.npy")`)),
      worker,
    );
    expect(diagnostics.map((d) => d.code)).toEqual(["VAE615"]);
  });

  it("refuses another format, a tampered model and tampered attack settings (VAE616)", () => {
    npy(join(base, "submit/x.npy"), 0.5);
    const point = submitted(`npy("x.npy")`);
    const codes = (queued: unknown) =>
      prepareQueuedPoint(queued as ReturnType<typeof toQueuedPoint>, worker).diagnostics.map(
        (d) => d.message,
      );
    expect(codes({ ...toQueuedPoint(point), version: 99 })[0]).toContain("version 99");
    expect(codes({ format: "something-else" })[0]).toContain("`something-else`");
    const bigger = { ...point, ir: { ...point.ir, params: { extra: 100 } } };
    expect(codes(toQueuedPoint(bigger))[0]).toContain("different model");
    const attack = { ...point, attack: { ...point.attack, pairs: 1000 } };
    expect(codes(toQueuedPoint(attack))[0]).toContain("attack settings");
    expect(codes({ ...toQueuedPoint(point), point: { id: point.id } })[0]).toContain("incomplete");
  });
});
