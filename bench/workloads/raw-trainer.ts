import * as tf from "@tensorflow/tfjs-core";
import { adamStep } from "@vaec/runtime";
import { initParams, logMssWeights, REFERENCE, referenceLoss } from "./reference-model.js";

/** The raw tfjs reference network with its Adam state and a small pool of binary batches. */
export function makeRawTrainer(batch: number, seed: number): { step(): Promise<number> } {
  const shape = REFERENCE;
  const params = initParams(shape, seed);
  const names = Object.keys(params);
  const moments: Array<{ m: tf.Tensor; v: tf.Tensor }> = names.map((n) => ({
    m: tf.zerosLike(params[n]),
    v: tf.zerosLike(params[n]),
  }));
  const pool = Array.from({ length: 4 }, (_, i) =>
    tf.tidy(() =>
      tf.cast(
        tf.less(tf.randomUniform([batch, shape.pixels], 0, 1, "float32", seed + 7 + i), 0.3),
        "float32",
      ),
    ),
  ) as tf.Tensor2D[];
  const logW = logMssWeights(batch, shape.datasetSize);
  let t = 0;
  return {
    async step(): Promise<number> {
      t += 1;
      const x = pool[t % pool.length];
      const loss = tf.tidy(() => {
        const eps = tf.randomNormal(
          [batch, shape.latent],
          0,
          1,
          "float32",
          seed + 1000 + t,
        ) as tf.Tensor2D;
        const { value, grads } = tf.variableGrads(() => referenceLoss(params, shape, x, eps, logW));
        names.forEach((name, i) => {
          const p = params[name];
          const { param, m, v } = adamStep(p, grads[p.name], moments[i].m, moments[i].v, t);
          p.assign(param);
          tf.dispose([moments[i].m, moments[i].v]);
          moments[i] = { m: tf.keep(m), v: tf.keep(v) };
        });
        return value;
      });
      // Read asynchronously: WebGPU in Node has no synchronous read.
      const value = (await loss.data())[0];
      loss.dispose();
      if (!Number.isFinite(value)) throw new Error(`loss is ${value} at step ${t}`);
      return value;
    },
  };
}
