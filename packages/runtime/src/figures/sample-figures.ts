import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { Dataset } from "../data/dataset.js";
import { evaluateGenerative, runForward } from "../losses/forward-pass.js";
import { likelihoodMean } from "../losses/likelihood.js";
import { seededNoise, zeroNoise } from "../losses/noise.js";
import { samplePrior } from "../losses/sample-prior.js";
import { deriveSeed } from "../model/rng.js";
import type { VaeModel } from "../model/vae-model.js";
import { writeFileAtomic } from "../run-store/atomic-write.js";
import { renderGrid } from "./png-grid.js";

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

const rowsOf = (t: tf.Tensor2D): Float32Array[] => {
  const data = t.dataSync() as Float32Array;
  const width = t.shape[1];
  return Array.from({ length: t.shape[0] }, (_, i) => data.slice(i * width, (i + 1) * width));
};

export function writeSampleFigures(
  model: VaeModel,
  data: Dataset,
  options: SampleFigureOptions,
): string[] {
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
  const x = tf.tensor2d(data.get(indices), [count, data.dim]);

  const reconstruction = tf.tidy(() => likelihoodMean(runForward(model, x, zeroNoise).likelihood));
  const originals = rowsOf(x);
  const recons = rowsOf(reconstruction);
  const interleaved: Float32Array[] = [];
  for (let start = 0; start < count; start += cols) {
    interleaved.push(...originals.slice(start, start + cols), ...recons.slice(start, start + cols));
  }
  write(
    "reconstructions.png",
    renderGrid(interleaved, { ...grid, rows: Math.ceil(count / cols) * 2, cols }),
  );

  const samples = samplePrior(
    model,
    cols * cols,
    seededNoise(deriveSeed(options.seed, "figures"), 0),
  );
  write("samples.png", renderGrid(rowsOf(samples), { ...grid, rows: cols, cols }));

  const steps = options.traversal ?? [-3, -2.25, -1.5, -0.75, 0, 0.75, 1.5, 2.25, 3];
  const maxUnits = options.maxUnits ?? 10;
  tf.tidy(() => {
    const meanPath = runForward(model, x, zeroNoise);
    for (const latent of ir.latents) {
      // Units ordered by how much their posterior mean varies over the images shown.
      const variances = tf.moments(meanPath.q.get(latent.name)!.mean, 0).variance.dataSync();
      const units = Array.from(variances, (v, k) => [v, k] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, maxUnits)
        .map(([, k]) => k);
      const base = new Map<string, tf.Tensor2D>([[ir.data.name, tf.slice(x, [0, 0], [1, -1])]]);
      for (const l of ir.latents)
        base.set(l.name, tf.slice(meanPath.z.get(l.name)!, [0, 0], [1, -1]));
      const baseRow = base.get(latent.name)!.dataSync();
      const rows: Float32Array[] = [];
      for (const unit of units) {
        const edited = new Float32Array(steps.length * latent.dims);
        steps.forEach((value, s) => {
          edited.set(baseRow, s * latent.dims);
          edited[s * latent.dims + unit] = value;
        });
        const values = new Map<string, tf.Tensor2D>();
        for (const [name, value] of base)
          values.set(name, tf.tile(value, [steps.length, 1]) as tf.Tensor2D);
        values.set(latent.name, tf.tensor2d(edited, [steps.length, latent.dims]));
        rows.push(...rowsOf(likelihoodMean(evaluateGenerative(model, values).likelihood)));
      }
      write(
        `traversal-${latent.name}.png`,
        renderGrid(rows, { ...grid, rows: units.length, cols: steps.length }),
      );
    }
  });
  tf.dispose([x, reconstruction, samples]);
  return written;
}
