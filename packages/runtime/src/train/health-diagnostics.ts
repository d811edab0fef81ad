import type { Diagnostic } from "@vaec/compiler";
import { NOWHERE, runtimeDiagnostic } from "../backend/runtime-diagnostic.js";
import { diag } from "../diagnostics/diag.js";

/*
 * Diagnostics of a model's health (VAE590-VAE599), one constructor per code; the long
 * explanations are in the catalogue (src/diagnostics/health-codes.ts).
 */

/** VAE590: a latent layer whose posterior carries (almost) no information about x. */
export function posteriorCollapse(
  layer: string,
  kl: number,
  active: number,
  dims: number,
): Diagnostic {
  return runtimeDiagnostic(
    diag.posteriorCollapse(NOWHERE, { layer, active, dims, kl: kl.toFixed(3) }),
    {
      notes: [
        "a unit is active when its posterior mean varies over the held-out data (Cov_x E_q[z] > 0.01); a collapsed layer is ignored by the decoder",
      ],
      help: `keep information in each unit with free bits per unit (\`penalize kl(${layer}) with free_bits = 0.5, per = unit\`; a floor on the whole layer can be met by one unit), a KL warm-up (\`train { warmup = 2000 }\`) or a smaller penalty beta`,
    },
  );
}

/** VAE591: the held-out ELBO was still rising when training ended. */
export function notConverged(
  gain: number,
  share: number,
  interval: { first: number; from: number; to: number },
): Diagnostic {
  const { first, from, to } = interval;
  return runtimeDiagnostic(diag.notConverged(NOWHERE, { gain: gain.toFixed(2), from, to }), {
    notes: [
      `at that pace each tenth of training adds ${(share * 100).toFixed(0)}% of the held-out ELBO's rise since its first evaluation (step ${first})`,
    ],
    help: "train longer (a larger `steps` or `epochs` in the `train` block, or `--steps N`), or let training stop when the curve flattens: `early_stop = heldout(patience = 3)`",
  });
}

/** VAE592: an evaluated quantity (ELBO, IWAE, a layer's KL) is NaN or infinite. */
export function nonFiniteEvaluation(quantities: string[], step: number): Diagnostic {
  const list = quantities.map((q) => `\`${q}\``).join(", ");
  return runtimeDiagnostic(diag.nonFiniteEvaluation(NOWHERE, { step, list }), {
    notes: ["the model's outputs overflow on the held-out data: the weights have diverged"],
    help: "train again with a lower learning rate (`optimizer = adam(lr = ...)`), a warm-up (`schedule = cosine(warmup = 500)`) or a smaller penalty beta",
  });
}

/** VAE593: a checkpoint holds NaN or infinite weights. */
export function nonFiniteWeights(parameters: string[], step: number): Diagnostic {
  const shown = parameters.slice(0, 3).map((p) => `\`${p}\``);
  const more = parameters.length > 3 ? ` and ${parameters.length - 3} more` : "";
  return runtimeDiagnostic(
    diag.nonFiniteWeights(NOWHERE, { step, layers: shown.join(", "), more }),
    {
      help: "the run diverged: train it again with a lower learning rate (`optimizer = adam(lr = ...)`) or a warm-up (`schedule = cosine(warmup = 500)`)",
    },
  );
}
