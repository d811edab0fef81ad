import * as tf from "@tensorflow/tfjs-core";
import type { ModelIR } from "@vaec/compiler";
import {
  attackModelView,
  createModel,
  createOptimizer,
  disposeModel,
  disposeOptimizer,
  latentValues,
  learningRateAt,
  samplePrior,
  seededNoise,
  spritesDataset,
  termNames,
  trainStep,
  type Dataset,
  type Optimizer,
  type VaeModel,
} from "@vaec/runtime/core";

/*
 * Training on the page with the runtime's own model, objective and optimiser (the platform-free
 * core): the same step `vaec train` takes, on procedural sprites drawn in the page. The session
 * runs a few steps per animation frame so the page stays responsive, and can pause, resume and
 * be disposed. Batches are seeded, as in the CLI.
 */

export interface TrainProgress {
  step: number;
  totalSteps: number;
  /** Each step's term values by name (`loss`, `elbo`, `loglik`, `kl.z`, `tc.z`) since the last report. */
  steps: Array<Record<string, number>>;
  stepsPerSecond: number;
}

/** A small seeded generator (mulberry32) for the batch indices. */
function indexStream(seed: number, size: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * size);
  };
}

export class TrainSession {
  readonly model: VaeModel;
  readonly data: Dataset;
  readonly names: string[];
  step = 0;
  private readonly optimizer: Optimizer;
  private readonly nextIndex: () => number;
  private running = false;
  private disposed = false;

  constructor(
    readonly ir: ModelIR,
    readonly side: number,
    public totalSteps: number,
    readonly batch: number,
  ) {
    this.model = createModel(ir, ir.train.seed);
    this.optimizer = createOptimizer(ir.train.optimizer, this.model.params);
    this.data = spritesDataset(ir.data.shape, side);
    this.names = termNames(ir);
    this.nextIndex = indexStream(ir.train.seed, this.data.size);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** One optimisation step; resolves with the terms by name. */
  async trainOne(): Promise<Record<string, number>> {
    const indices = Array.from({ length: this.batch }, () => this.nextIndex());
    const x = tf.tensor2d(this.data.get(indices), [this.batch, this.data.dim]);
    const lr = learningRateAt(
      this.ir.train.schedule,
      this.ir.train.optimizer.lr,
      this.step,
      this.totalSteps,
    );
    try {
      // Awaited: the step reads its terms asynchronously where the backend needs it (WebGPU).
      const result = await trainStep(
        this.model,
        this.optimizer,
        x,
        seededNoise(this.ir.train.seed, this.step),
        {
          step: this.step,
          datasetSize: this.data.size,
          samples: this.ir.train.samples,
          penalties: true,
        },
        lr,
      );
      this.step++;
      return Object.fromEntries(this.names.map((name, i) => [name, result.values[i]]));
    } finally {
      x.dispose();
    }
  }

  /** Trains until the budget is spent or `pause()`, reporting after every frame's steps. */
  async run(onProgress: (progress: TrainProgress) => void): Promise<void> {
    if (this.running || this.disposed) return;
    this.running = true;
    const started = performance.now();
    const startStep = this.step;
    while (this.running && this.step < this.totalSteps) {
      const frameStart = performance.now();
      const steps: Array<Record<string, number>> = [];
      // As many steps as fit in ~50 ms, then yield to the browser to paint.
      do steps.push(await this.trainOne());
      while (performance.now() - frameStart < 50 && this.step < this.totalSteps);
      const seconds = (performance.now() - started) / 1000;
      onProgress({
        step: this.step,
        totalSteps: this.totalSteps,
        steps,
        stepsPerSecond: (this.step - startStep) / Math.max(seconds, 1e-3),
      });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    this.running = false;
  }

  pause(): void {
    this.running = false;
  }

  /** `count` held-in sprites (seeded), their reconstructions and `count` prior samples. */
  async pictures(
    count: number,
  ): Promise<{ inputs: Float32Array; recons: Float32Array; samples: Float32Array }> {
    const picks = indexStream(7919, this.data.size);
    const inputs = this.data.get(Array.from({ length: count }, () => picks()));
    const view = attackModelView(this.model);
    const [recons, samples] = tf.tidy(() => {
      const x = tf.tensor2d(inputs, [count, this.data.dim]);
      const recon = view.reconstruct(latentValues(view.encode(x, { kind: "mean" })));
      return [recon, samplePrior(this.model, count, seededNoise(1234, 0))];
    });
    const out = {
      inputs,
      recons: (await recons.data()) as Float32Array,
      samples: (await samples.data()) as Float32Array,
    };
    tf.dispose([recons, samples]);
    return out;
  }

  dispose(): void {
    this.running = false;
    this.disposed = true;
    disposeOptimizer(this.optimizer);
    disposeModel(this.model);
  }
}
