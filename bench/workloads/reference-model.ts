import * as tf from "@tensorflow/tfjs-core";
import { bernoulliLogLikelihood, denseLayer, fusedTcRows, logSumExp } from "@vaec/runtime";

/**
 * The reference workload written directly in tfjs ("raw tfjs"): the beta-TCVAE MLP of
 * bench/specs/reference.vae, exactly as bench/torch/train_ref.py builds it, so the two time the
 * same arithmetic. Encoder 4096-1200-1200-2x10 and decoder 10-1200-1200-4096 with ReLU, Bernoulli
 * likelihood on logits, analytic KL, and beta-TCVAE's TC term with minibatch stratified sampling.
 */
export interface ReferenceShape {
  pixels: number;
  hidden: number[];
  latent: number;
  beta: number;
  datasetSize: number;
}

export const REFERENCE: ReferenceShape = {
  pixels: 4096,
  hidden: [1200, 1200],
  latent: 10,
  beta: 2,
  datasetSize: 737_280,
};

export type Params = Record<string, tf.Variable>;

/** Glorot-uniform weights and zero biases, like torch.nn.Linear's scale, from a seed. */
export function initParams(shape: ReferenceShape, seed: number): Params {
  const params: Params = {};
  const layer = (name: string, fanIn: number, fanOut: number, s: number) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    params[`${name}.w`] = tf.variable(
      tf.randomUniform([fanIn, fanOut], -limit, limit, "float32", s),
    );
    params[`${name}.b`] = tf.variable(tf.zeros([fanOut]));
  };
  const enc = [shape.pixels, ...shape.hidden, 2 * shape.latent];
  const dec = [shape.latent, ...shape.hidden, shape.pixels];
  enc.slice(1).forEach((n, i) => layer(`enc${i}`, enc[i], n, seed + i));
  dec.slice(1).forEach((n, i) => layer(`dec${i}`, dec[i], n, seed + 100 + i));
  return params;
}

function mlp(params: Params, prefix: string, depth: number, x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  for (let i = 0; i < depth; i++) {
    const last = i === depth - 1;
    // One fused op on the fast path (VAEC_FUSED_DENSE), tf.fused.matMul otherwise.
    h = denseLayer(
      h,
      params[`${prefix}${i}.w`] as tf.Tensor2D,
      params[`${prefix}${i}.b`],
      last ? "linear" : "relu",
    );
  }
  return h;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(z_b | mu_n, exp(logvar_n)) for every pair (b, n) and dimension k: [B, B, D]. */
function pairwiseLogDensity(z: tf.Tensor2D, mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Tensor3D {
  const diff = tf.sub(tf.expandDims(z, 1), tf.expandDims(mu, 0));
  const inv = tf.exp(tf.neg(tf.expandDims(logvar, 0)));
  return tf.mul(
    -0.5,
    tf.add(tf.add(tf.mul(tf.square(diff), inv), tf.expandDims(logvar, 0)), LOG_2PI),
  ) as tf.Tensor3D;
}

/** log W[b, n] of minibatch stratified sampling (Chen et al. 2018), each row summing to 1. */
export function logMssWeights(batch: number, datasetSize: number): tf.Tensor2D {
  const m = batch - 1;
  const w = new Float32Array(batch * batch).fill(1 / m);
  for (let b = 0; b < batch; b++) {
    w[b * batch + b] = 1 / datasetSize;
    w[b * batch + ((b + 1) % batch)] = (datasetSize - m) / (datasetSize * m);
  }
  return tf.log(tf.tensor2d(w, [batch, batch]));
}

/** log q(z_b) - sum_k log q(z_bk) per sample: one op on the fast path (VAEC_FUSED_TC). */
function tcRows(z: tf.Tensor2D, mu: tf.Tensor2D, logvar: tf.Tensor2D, logW: tf.Tensor2D) {
  const fused = fusedTcRows(z, mu, logvar, logW);
  if (fused) return fused;
  const logq = pairwiseLogDensity(z, mu, logvar);
  // logSumExp: tfjs's, with the softmax as its gradient on the fast path (VAEC_LOGSUMEXP_GRAD).
  const logqz = logSumExp(tf.add(tf.sum(logq, 2), logW), 1);
  const logProd = tf.sum(logSumExp(tf.add(logq, tf.expandDims(logW, 2)), 1), 1);
  return tf.sub(logqz, logProd);
}

/** The negative beta-TCVAE objective averaged over the batch. */
export function referenceLoss(
  params: Params,
  shape: ReferenceShape,
  x: tf.Tensor2D,
  eps: tf.Tensor2D,
  logW: tf.Tensor2D,
): tf.Scalar {
  const depth = shape.hidden.length + 1;
  const stats = mlp(params, "enc", depth, x);
  const [mu, logvar] = tf.split(stats, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
  const z = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logvar)), eps)) as tf.Tensor2D;
  const logits = mlp(params, "dec", depth, z);
  // Bernoulli log-likelihood on logits: x l - softplus(l), summed over pixels (fused on the fast
  // path, VAEC_FUSED_LIKELIHOOD; the composed ops otherwise).
  const logLik = bernoulliLogLikelihood(x, logits);
  const kl = tf.mul(
    0.5,
    tf.sum(tf.sub(tf.add(tf.exp(logvar), tf.square(mu)), tf.add(1, logvar)), 1),
  );
  const tc = tf.mean(tcRows(z, mu, logvar, logW));
  const elbo = tf.mean(tf.sub(logLik, kl));
  return tf.neg(tf.sub(elbo, tf.mul(shape.beta - 1, tc))) as tf.Scalar;
}
