import * as tf from "@tensorflow/tfjs-core";
import type { Optimizer as OptimizerSettings } from "@vaec/compiler";
import { adamStep } from "../backend/fused-adam.js";

/*
 * Adam and SGD (with momentum), with their state as named variables so a checkpoint can save and
 * restore it exactly (`--resume` continues the same trajectory). Adam's update is `adamStep`: one
 * pass per parameter on the wasm backend (the composed tfjs ops elsewhere), same formula.
 */
export interface Optimizer {
  settings: OptimizerSettings;
  /** Updates applied so far (Adam's bias-correction t). */
  iterations: number;
  /** State variables by name, e.g. `adam/m/p.z1/dense0/kernel`. */
  state: Map<string, tf.Variable>;
}

function slotNames(settings: OptimizerSettings): string[] {
  if (settings.kind === "adam") return ["adam/m", "adam/v"];
  return settings.momentum > 0 ? ["sgd/velocity"] : [];
}

export function createOptimizer(
  settings: OptimizerSettings,
  params: Map<string, tf.Variable>,
): Optimizer {
  const state = new Map<string, tf.Variable>();
  for (const slot of slotNames(settings)) {
    for (const [name, param] of params) {
      // The variable shares the zeros' buffer; dropping the temporary handle keeps counts flat.
      const zeros = tf.zerosLike(param);
      state.set(`${slot}/${name}`, tf.variable(zeros, false));
      zeros.dispose();
    }
  }
  return { settings, iterations: 0, state };
}

export function disposeOptimizer(optimizer: Optimizer): void {
  for (const variable of optimizer.state.values()) variable.dispose();
  optimizer.state.clear();
}

function slot(optimizer: Optimizer, slotName: string, param: string): tf.Variable {
  const variable = optimizer.state.get(`${slotName}/${param}`);
  if (!variable) throw new Error(`optimizer state \`${slotName}/${param}\` is missing`);
  return variable;
}

/**
 * Applies one update to `params` from `grads` (both by parameter name) at `learningRate` (the
 * schedule's rate for this step; the optimizer's `lr` by default), the gradient first clipped to
 * the settings' `clipNorm` if any (`gradNorm`: its norm when the caller already has it).
 * Disposes nothing of the caller's; the rate is a plain number (a kernel attribute or a scalar
 * inside the tidy).
 */
export function applyUpdate(
  optimizer: Optimizer,
  params: Map<string, tf.Variable>,
  grads: Map<string, tf.Tensor>,
  learningRate: number = optimizer.settings.lr,
  gradNorm?: tf.Scalar,
): void {
  const settings = optimizer.settings;
  optimizer.iterations += 1;
  const t = optimizer.iterations;
  tf.tidy(() => {
    const clip = settings.clipNorm;
    const scale = clip === undefined ? null : clipScale(gradNorm ?? globalNorm(grads), clip);
    for (const [name, param] of params) {
      const unscaled = grads.get(name);
      if (!unscaled) continue;
      const grad = scale ? tf.mul(unscaled, scale) : unscaled;
      if (settings.kind === "adam") {
        const m = slot(optimizer, "adam/m", name);
        const v = slot(optimizer, "adam/v", name);
        // `assign` takes the new tensors' buffers (the variables keep their names, so the
        // checkpoint format is unchanged); the tidy disposes the handles returned here.
        const next = adamStep(param, grad, m, v, t, {
          learningRate,
          beta1: settings.beta1,
          beta2: settings.beta2,
          epsilon: settings.epsilon,
        });
        m.assign(next.m);
        v.assign(next.v);
        param.assign(next.param);
      } else if (settings.momentum > 0) {
        const velocity = slot(optimizer, "sgd/velocity", name);
        velocity.assign(tf.add(tf.mul(velocity, settings.momentum), grad));
        param.assign(tf.sub(param, tf.mul(velocity, learningRate)));
      } else {
        param.assign(tf.sub(param, tf.mul(grad, learningRate)));
      }
    }
  });
}

/** The L2 norm of the gradient of all parameters together (the norm `clip_norm` bounds). */
export function globalNorm(grads: Map<string, tf.Tensor>): tf.Scalar {
  return tf.tidy(
    () => tf.sqrt(tf.addN([...grads.values()].map((g) => tf.sum(tf.square(g))))) as tf.Scalar,
  );
}

/**
 * min(1, clipNorm / ||g||), the global-norm clipping of PyTorch's `clip_grad_norm_`, kept as a
 * tensor: scaling on the device needs no read of the norm.
 */
function clipScale(norm: tf.Scalar, clipNorm: number): tf.Scalar {
  return tf.minimum(1, tf.div(clipNorm, tf.maximum(norm, 1e-30))) as tf.Scalar;
}
