import * as tf from "@tensorflow/tfjs-core";
import type { ModelIR } from "@vaec/compiler";
import { klDiagonalNormal, klDiagonalNormalPerDim } from "../distributions/normal.js";
import type { VaeModel } from "../model/vae-model.js";
import { runForward } from "./forward-pass.js";
import { likelihoodLogDensity } from "./likelihood.js";
import type { Noise } from "./noise.js";
import { estimateTotalCorrelation } from "./tc-estimator.js";
import { warmedBeta } from "./warmup.js";

/*
 * The training objective of docs/design.md section 4, with every term kept separately:
 *   ELBO = E_q log p(x | pa_p(x)) - sum_i KL(q(z^i | pa_q) || p(z^i | pa_p))   (K samples averaged)
 *   loss = -[ E_q log p(x | .) - sum_i w_i * FB_i(KL_i) - sum_j (beta_j - 1) TC_j ]
 * where w_i is a `kl` penalty's beta (1 without one) and, under free bits, FB_i = max(lambda_i,
 * batch-mean KL) for the layer floor or sum_k max(lambda_i, batch-mean KL_k) for `per = unit`
 * (Kingma et al. 2016: each unit keeps lambda nats, so the floor cannot be met by a few units
 * while the rest collapse); KL itself otherwise. Penalty betas ramp in over `warmup` steps.
 */

export interface ObjectiveOptions {
  /** Training step, for the warm-up of penalty betas. */
  step: number;
  /** Training-set size N for the TC estimators. */
  datasetSize: number;
  /** Reparameterised samples per datapoint (K). */
  samples: number;
  /** False for plain ELBO at beta = 1 (evaluation): the loss is then -ELBO. */
  penalties: boolean;
}

export interface ObjectiveTerms {
  /** The minimised scalar. */
  loss: tf.Scalar;
  /** Batch-mean ELBO at beta = 1 (nats per datapoint). */
  elbo: tf.Scalar;
  /** Batch-mean E_q log p(x | pa_p(x)). */
  logLik: tf.Scalar;
  /** Batch-mean KL per latent layer, before any penalty. */
  kl: Map<string, tf.Scalar>;
  /** TC estimate per TC-penalised layer. */
  tc: Map<string, tf.Scalar>;
}

/** Names of the logged terms, in the order of `termsToVector`. */
export function termNames(ir: ModelIR): string[] {
  const tcLayers = ir.penalties.filter((p) => p.kind === "tc").map((p) => `tc.${p.latent}`);
  return ["loss", "elbo", "loglik", ...ir.latents.map((l) => `kl.${l.name}`), ...tcLayers];
}

export function termsToVector(terms: ObjectiveTerms): tf.Tensor1D {
  return tf.stack([
    terms.loss,
    terms.elbo,
    terms.logLik,
    ...terms.kl.values(),
    ...terms.tc.values(),
  ]) as tf.Tensor1D;
}

/** Batch-mean ELBO terms and the penalised loss for a batch `x` ([B, D]). Run inside tf.tidy. */
export function computeObjective(
  model: VaeModel,
  x: tf.Tensor2D,
  noise: Noise,
  options: ObjectiveOptions,
): ObjectiveTerms {
  const ir = model.ir;
  const batch = x.shape[0];
  const k = Math.max(1, options.samples);
  const rows = k === 1 ? x : (tf.tile(x, [k, 1]) as tf.Tensor2D);
  const pass = runForward(model, rows, noise);

  const logLik = tf.mean(likelihoodLogDensity(pass.likelihood, rows)) as tf.Scalar;
  const kl = new Map<string, tf.Scalar>();
  // Per-unit free bits need each unit's batch-mean KL; the layer's KL is then their sum.
  const klPerUnit = new Map<string, tf.Tensor1D>();
  for (const latent of ir.latents) {
    const q = pass.q.get(latent.name);
    const p = pass.p.get(latent.name);
    if (!q || !p) throw new Error(`latent \`${latent.name}\` lacks a prior or a posterior`);
    if (options.penalties && hasPerUnitFreeBits(ir, latent.name)) {
      const perUnit = tf.mean(klDiagonalNormalPerDim(q, p), 0) as tf.Tensor1D;
      klPerUnit.set(latent.name, perUnit);
      kl.set(latent.name, tf.sum(perUnit) as tf.Scalar);
    } else kl.set(latent.name, tf.mean(klDiagonalNormal(q, p)) as tf.Scalar);
  }
  const klTotal = tf.addN([...kl.values()]) as tf.Scalar;
  const elbo = tf.sub(logLik, klTotal) as tf.Scalar;

  const tc = new Map<string, tf.Scalar>();
  for (const penalty of ir.penalties) {
    if (penalty.kind !== "tc") continue;
    const z = pass.z.get(penalty.latent);
    const q = pass.q.get(penalty.latent);
    if (!z || !q) throw new Error(`TC penalty on \`${penalty.latent}\`, which has no samples`);
    // With K samples per datapoint, estimate on each group of B (one sample per datapoint) and average.
    const groups: tf.Scalar[] = [];
    for (let g = 0; g < k; g++) {
      const slice = <T extends tf.Tensor>(t: T): T =>
        k === 1 ? t : (tf.slice(t, [g * batch, 0], [batch, -1]) as T);
      const qGroup = { kind: "normal" as const, mean: slice(q.mean), logVar: slice(q.logVar) };
      groups.push(
        estimateTotalCorrelation(slice(z), qGroup, options.datasetSize, penalty.estimator),
      );
    }
    tc.set(penalty.latent, (k === 1 ? groups[0] : tf.div(tf.addN(groups), k)) as tf.Scalar);
  }

  if (!options.penalties) return { loss: tf.neg(elbo) as tf.Scalar, elbo, logLik, kl, tc };

  const parts: tf.Scalar[] = [tf.neg(logLik) as tf.Scalar];
  for (const latent of ir.latents) {
    let term = kl.get(latent.name) as tf.Scalar;
    for (const penalty of ir.penalties) {
      if (penalty.latent !== latent.name) continue;
      if (penalty.kind !== "free-bits") continue;
      const perUnit = klPerUnit.get(latent.name);
      term = (
        penalty.per === "unit" && perUnit
          ? tf.sum(tf.maximum(perUnit, penalty.lambda))
          : tf.maximum(term, penalty.lambda)
      ) as tf.Scalar;
    }
    for (const penalty of ir.penalties) {
      if (penalty.latent !== latent.name || penalty.kind !== "kl") continue;
      term = tf.mul(term, warmedBeta(penalty.beta, options.step, ir.train.warmup)) as tf.Scalar;
    }
    parts.push(term);
  }
  for (const penalty of ir.penalties) {
    if (penalty.kind !== "tc") continue;
    const beta = warmedBeta(penalty.beta, options.step, ir.train.warmup);
    parts.push(tf.mul(tc.get(penalty.latent) as tf.Scalar, beta - 1) as tf.Scalar);
  }
  return { loss: tf.addN(parts) as tf.Scalar, elbo, logLik, kl, tc };
}

function hasPerUnitFreeBits(ir: ModelIR, latent: string): boolean {
  return ir.penalties.some(
    (p) => p.kind === "free-bits" && p.latent === latent && p.per === "unit",
  );
}
