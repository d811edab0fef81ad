import * as tf from "@tensorflow/tfjs-core";
import { backendState } from "./backend-state.js";

/*
 * logsumexp over one axis with its own gradient, dy * exp(x - logsumexp(x)) (the softmax), in
 * place of the gradient tfjs derives through its max-shift: that one adds the max's gradient, a
 * broadcasting Equal mask, which on wasm is one slow scalar kernel (10 ms of a 140 ms step on the
 * reference workload's [128, 128, 10] TC term) and is zero in exact arithmetic anyway.
 */

const state = backendState.logSumExp;

export function installLogSumExpGrad(): void {
  state.installed = true;
}

export function uninstallLogSumExpGrad(): void {
  state.installed = false;
}

export function isLogSumExpGradInstalled(): boolean {
  return state.installed;
}

function withGradient(axis: number): (x: tf.Tensor) => tf.Tensor {
  let f = state.byAxis.get(axis);
  if (!f) {
    f = tf.customGrad((x, save) => {
      const xs = x as tf.Tensor;
      const value = tf.logSumExp(xs, axis);
      (save as (tensors: tf.Tensor[]) => void)([xs, value]);
      return {
        value,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, sv] = saved;
          return tf.mul(tf.expandDims(dy, axis), tf.exp(tf.sub(sx, tf.expandDims(sv, axis))));
        },
      };
    }) as (x: tf.Tensor) => tf.Tensor;
    state.byAxis.set(axis, f);
  }
  return f;
}

/** log sum_i exp(x_i) along `axis` (dropped from the shape). With its own gradient on wasm when
 * installed (`VAEC_LOGSUMEXP_GRAD`), tfjs's `logSumExp` otherwise. */
export function logSumExp(x: tf.Tensor, axis: number): tf.Tensor {
  if (!state.installed || tf.getBackend() !== "wasm") return tf.logSumExp(x, axis);
  const a = axis < 0 ? axis + x.rank : axis;
  return withGradient(a)(x);
}
