import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { Dataset } from "../data/dataset.js";
import { runForward } from "../losses/forward-pass.js";
import { likelihoodMean } from "../losses/likelihood.js";
import { seededNoise, zeroNoise } from "../losses/noise.js";
import { samplePrior } from "../losses/sample-prior.js";
import { deriveSeed } from "../model/rng.js";
import type { VaeModel } from "../model/vae-model.js";
import { writeFileAtomic } from "../run-store/atomic-write.js";
import { renderGrid } from "./png-grid.js";
import { computeTraversals, readRows } from "./traversals.js";

/*
 * `vaec sample`: reconstructions (originals above their reconstructions), prior samples
 * (ancestral through p) and, per latent layer, traversals of its most varying units with every
 * other layer held at the posterior mean of one held-out image.
 */

export interface SampleFigureOptions {
  seed: number;
  outDir: string;
  /** Columns of the reconstruction and sample grids. */
  columns?: number;
  /** Values each traversed unit takes. */
  traversal?: number[];
  /** Units per layer shown in a traversal. */
  maxUnits?: number;
  /** Called after each figure is written (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

export async function writeSampleFigures(
  model: VaeModel,
  data: Dataset,
  options: SampleFigureOptions,
): Promise<string[]> {
  const ir = model.ir;
  const cols = options.columns ?? 8;
  const grid = { shape: ir.data.shape, range: ir.data.range };
  fs.mkdirSync(options.outDir, { recursive: true });
  const written: string[] = [];
  const figureCount = 2 + ir.latents.length;
  const write = (name: string, png: Buffer) => {
    const file = path.join(options.outDir, name);
    writeFileAtomic(file, png);
    written.push(file);
    options.onProgress?.(written.length, figureCount);
  };

  const count = Math.min(data.size, 2 * cols);
  const indices = Array.from({ length: count }, (_, i) => i);
  const flat = data.get(indices);
  const originals = Array.from({ length: count }, (_, i) =>
    flat.slice(i * data.dim, (i + 1) * data.dim),
  );
  const x = tf.tensor2d(flat, [count, data.dim]);
  try {
    const [recons] = await readRows([
      tf.tidy(() => likelihoodMean(runForward(model, x, zeroNoise).likelihood)),
    ]);
    const interleaved: Float32Array[] = [];
    for (let start = 0; start < count; start += cols) {
      interleaved.push(
        ...originals.slice(start, start + cols),
        ...recons.slice(start, start + cols),
      );
    }
    write(
      "reconstructions.png",
      renderGrid(interleaved, { ...grid, rows: Math.ceil(count / cols) * 2, cols }),
    );

    const [samples] = await readRows([
      samplePrior(model, cols * cols, seededNoise(deriveSeed(options.seed, "figures"), 0)),
    ]);
    write("samples.png", renderGrid(samples, { ...grid, rows: cols, cols }));

    const traversals = await computeTraversals(model, x, {
      values: options.traversal,
      maxUnits: options.maxUnits,
    });
    for (const t of traversals) {
      write(
        `traversal-${t.layer}.png`,
        renderGrid(t.images.flat(), { ...grid, rows: t.units.length, cols: t.values.length }),
      );
    }
    return written;
  } finally {
    x.dispose();
  }
}
