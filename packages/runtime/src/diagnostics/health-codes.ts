import { defineCatalogue } from "@vaec/compiler";

/** The catalogue of training health (VAE590-VAE599); the format is @vaec/dsl's `CatalogueEntry`. */
export const HEALTH_CODES = defineCatalogue({
  VAE590: {
    title: "a latent layer has collapsed",
    severity: "warning",
    messages: {
      posteriorCollapse:
        "latent layer `{layer}` has collapsed: {active} of {dims} units active, KL {kl} nats",
    },
    explanation: `After \`vaec train\` and in \`vaec eval\`, each latent layer's posterior is checked on the held-out
data. A unit \`z_k\` is active when its posterior mean varies over the data,
Cov_x(E_q[z_k | x]) > 0.01 (the active-unit count \`vaec eval\` prints); a layer with no active
unit, or with a mean KL below 0.05 nats per image, carries no information about \`x\`: its
posterior is the prior for every image, and the decoder has learnt to ignore it. This is
posterior collapse. It is common in the upper layers of hierarchical VAEs, with strong decoders,
and with large KL or TC penalties (a large beta pushes every layer towards its prior).

A warning, not an error: the run is still usable, but its latent-space results (traversals,
latent attacks on that layer, disentanglement) say little.`,
    example: {
      shown: `\`\`\`
$ vaec eval runs/Deep-10c1157f   # two layers, \`penalize kl(z2) with beta = 200\`, 60 steps
warning[VAE590]: latent layer \`z2\` has collapsed: 0 of 2 units active, KL 0.003 nats
  = note: a unit is active when its posterior mean varies over the held-out data (Cov_x E_q[z] > 0.01); a collapsed layer is ignored by the decoder
help: keep information in each unit with free bits per unit (\`penalize kl(z2) with free_bits = 0.5, per = unit\`; a floor on the whole layer can be met by one unit), a KL warm-up (\`train { warmup = 2000 }\`) or a smaller penalty beta
\`\`\``,
    },
    fix: `Give each unit of the layer a floor of information with free bits per unit (a floor on the whole
layer, \`per = layer\`, can be met by a single unit while the rest collapse), ramp the penalties
in with a warm-up, or lower the penalty's beta, then train again:

\`\`\`vae
model Deep {
  penalize kl(z2) with free_bits = 0.5, per = unit
}
train { warmup = 2000 }
\`\`\``,
  },
  VAE591: {
    title: "the model has not converged",
    severity: "note",
    messages: {
      notConverged:
        "the model has not converged: the held-out ELBO rose {gain} nats/image between steps {from} and {to}",
    },
    explanation: `During training the ELBO (beta = 1) is evaluated on the held-out split five times (every
\`early_stop\`'s \`every\` steps when early stopping is on), on the same examples with the same
noise each time, and logged to \`metrics.jsonl\` as \`held-out\` records. This note says the curve
was still rising over its last interval: at that interval's pace, a tenth of the training steps
would add more than 2% of the ELBO's rise since its first evaluation, and more than 0.1 nats per
image. More training would very likely give a better model, and comparisons between runs trained
this way compare unfinished models. \`vaec eval\` repeats the check from the run's logged curve.

A decaying schedule (\`cosine\`, \`step\`) flattens the curve at its end by lowering the rate, so a
flat end then says the annealing finished, not that a longer budget would not help.`,
    example: {
      shown: `\`\`\`
$ vaec train tiny.vae   # one latent layer of 4, mlp[32], 200 steps of 16 sprites, adam(lr = 3e-3)
note[VAE591]: the model has not converged: the held-out ELBO rose 42.10 nats/image between steps 160 and 200
  = note: at that pace each tenth of training adds 5% of the held-out ELBO's rise since its first evaluation (step 40)
help: train longer (a larger \`steps\` or \`epochs\` in the \`train\` block, or \`--steps N\`), or let training stop when the curve flattens: \`early_stop = heldout(patience = 3)\`
\`\`\``,
    },
    fix: `Train for longer, or let the held-out curve decide when to stop:

\`\`\`vae
train { epochs = 20, early_stop = heldout(every = 500, patience = 3, min_delta = 0.1) }
\`\`\``,
  },
  VAE592: {
    title: "the held-out evaluation is not finite",
    severity: "error",
    messages: {
      nonFiniteEvaluation: "the held-out evaluation at step {step} is not finite: {list}",
    },
    explanation: `The held-out ELBO, the IWAE bound, the log-likelihood or a layer's KL came out NaN or infinite:
the model's outputs overflow on the held-out data, so its weights have diverged (for example a
learning rate too high for a while, which the training loss did not show). Printing \`ELBO NaN\`
would let a broken model pass as a result, so \`vaec eval\` stops with this error and exit status
1, and a held-out evaluation during training stops training as diverged, before the bad weights
are checkpointed. The message names every quantity that is not finite.`,
    example: {
      shown: `\`\`\`
$ vaec eval runs/Tiny-6f5d5381   # its weights overwritten with 3e38
error[VAE592]: the held-out evaluation at step 200 is not finite: \`elbo\`, \`iwae\`, \`loglik\`, \`kl.z\`
  = note: the model's outputs overflow on the held-out data: the weights have diverged
help: train again with a lower learning rate (\`optimizer = adam(lr = ...)\`), a warm-up (\`schedule = cosine(warmup = 500)\`) or a smaller penalty beta
\`\`\``,
    },
    fix: `Train again with a lower learning rate or a learning-rate warm-up:

\`\`\`vae
train { optimizer = adam(lr = 3e-4), schedule = cosine(warmup = 500) }
\`\`\``,
  },
  VAE593: {
    title: "the checkpoint has NaN or infinite weights",
    severity: "error",
    messages: {
      nonFiniteWeights:
        "the checkpoint at step {step} has NaN or infinite weights in {layers}{more}",
    },
    explanation: `\`vaec eval\` reads every stored tensor of the run's latest checkpoint (the model's weights and
the optimizer's state) before evaluating, and refuses one that holds NaN or an infinity: nothing
computed from it would mean anything. Training never checkpoints a step whose loss is not
finite (VAE540), so such a checkpoint comes from a run that diverged in a way the loss did not
show, or from a damaged or edited file. The message names up to three of the tensors.`,
    example: {
      shown: `\`\`\`
$ vaec eval runs/Tiny-6f5d5381   # one weight overwritten with NaN
error[VAE593]: the checkpoint at step 200 has NaN or infinite weights in \`p.x/dense0/kernel\`
help: the run diverged: train it again with a lower learning rate (\`optimizer = adam(lr = ...)\`) or a warm-up (\`schedule = cosine(warmup = 500)\`)
\`\`\``,
    },
    fix: `Train the run again, with a lower learning rate or a warm-up:

\`\`\`vae
train { optimizer = adam(lr = 3e-4), schedule = cosine(warmup = 500) }
\`\`\``,
  },
});
