import { defineCatalogue } from "@vaec/compiler";

/** The catalogue of robustness and disentanglement metrics (VAE600-VAE609); the format is @vaec/dsl's `CatalogueEntry`. */
export const METRICS_CODES = defineCatalogue({
  VAE600: {
    title: "the data has no class labels, so some metrics are left out",
    severity: "warning",
    messages: {
      noLabels: "`{data}` has no class labels: {metrics} left out",
    },
    explanation: `Two of vaec's robustness and disentanglement metrics need to know what each image shows:
downstream attack success (does the attack make a classifier see the target's class?) and the
Mutual Information Gap (how well single latent units capture the known factors of variation).
\`sprites\` carries its generator's five factors and \`mnist\` its digits, so both get every metric.
\`npy(...)\` files and \`images(...)\` folders carry no labels, and an \`npz(...)\` archive has them
only when it stores a \`labels\` (or dSprites' \`latents_classes\`) array beside the images. Without
labels vaec still attacks the model and reports Delta, the curves, AUDDC and the robustness
margin; it leaves out the two metrics that need labels and says so with this warning.`,
    example: {
      shown: `\`\`\`
$ vaec eval runs/Faces-1a2b3c4d
warning[VAE600]: \`npy(faces.npy)\` has no class labels: downstream attack success and MIG left out
help: sprites and mnist carry labels; for your own data save them beside the images in the same .npz, as \`numpy.savez(path, x=images, labels=classes)\`
\`\`\``,
    },
    fix: `Store one whole-number class per example in the same archive and point the spec at the
archive: \`numpy.savez("faces.npz", x=images, labels=classes)\` and
\`train { data = npz("faces.npz", "x") }\`. vaec reads \`labels\` (shape \`(N,)\`) by itself.`,
  },
  VAE601: {
    title: "an archive's labels do not fit its images",
    severity: "warning",
    messages: {
      badLabels: "`{file}[{key}]` cannot be used: {reason}",
    },
    explanation: `For \`npz(...)\` data vaec looks for class labels in the same archive: a \`labels\` array with one
whole-number class per example (shape \`(N,)\`, any integer type), or dSprites' own
\`latents_classes\` (shape \`(N, 6)\`). This warning says the array is there but cannot be used:
its length differs from the number of images, it has the wrong number of dimensions, or it holds
values that are not whole numbers. The metrics that need labels (downstream attack success and
MIG) are left out; everything else is reported as usual.`,
    example: {
      shown: `\`\`\`
$ vaec attack runs/Faces-1a2b3c4d
warning[VAE601]: \`faces.npz[labels]\` cannot be used: its shape is (999,), expected (1000,)
  = note: the metrics that need labels are left out
help: save one whole-number class per example: \`numpy.savez(path, x=images, labels=classes)\` with classes of shape (N,)
\`\`\``,
    },
    fix: `Save the labels in the same order as the images, one per image, as integers:
\`numpy.savez("faces.npz", x=images, labels=classes.astype("int64"))\`.`,
  },
  VAE602: {
    title: "a cached downstream classifier cannot be read",
    severity: "warning",
    messages: {
      badClassifierCache:
        "the cached classifier `{file}` cannot be read ({reason}); training it again",
    },
    explanation: `The downstream classifier that judges attack success is trained once per data set and cached in
\`<runs>/.classifiers/\`, named by a hash of everything it was trained on. This warning says the
cached file is damaged (cut short, edited, or written by another version of vaec). It is not an
error: vaec trains the classifier again, which takes a few seconds, and replaces the file.`,
    example: {
      shown: `\`\`\`
$ vaec attack runs/Vae-1a2b3c4d
warning[VAE602]: the cached classifier \`runs/.classifiers/3f2a9c0d1e2b4a5c.json\` cannot be read (Unexpected end of JSON input); training it again
help: nothing to do: the new classifier replaces the file
\`\`\``,
    },
    fix: `Nothing to do. To start afresh, delete the \`.classifiers\` folder under the runs folder.`,
  },
  VAE603: {
    title: "the downstream classifier is not accurate enough to trust",
    severity: "warning",
    messages: {
      weakClassifier:
        "the downstream classifier of `{label}` is right on only {accuracy}% of the clean held-out images (below {floor}%)",
    },
    explanation: `Downstream attack success asks whether an attack makes a classifier see the target's class in
the adversarial reconstruction. That only means something if the classifier is right on clean
images: vaec checks it on the run's clean held-out images (which it never trained on) and warns
when it is right on fewer than 80% of them. The usual cause is labels that do not belong to the
images (shuffled separately, or one off), or a class that is not visible in the images at all.`,
    example: {
      shown: `\`\`\`
$ vaec attack runs/Faces-1a2b3c4d
warning[VAE603]: the downstream classifier of \`label\` is right on only 41.0% of the clean held-out images (below 80%)
  = note: attack success rates measured with it say little about the attacks
help: check that the labels belong to the images (the same order, one per example), or use more labelled training examples
\`\`\``,
    },
    fix: `Check that \`labels[i]\` is the class of \`x[i]\` in the archive. The accuracy vaec measured is in the
results (\`downstream.classifier.heldOutAccuracy\`), so you can see how far off it is.`,
  },
  VAE604: {
    title: "the margin's radius is smaller than the model's own noise",
    severity: "warning",
    messages: {
      radiusTooSmall:
        "at r = {radius} only {percent}% of the held-out examples are r-robust before any perturbation, so their margin bound is 0",
    },
    explanation: `The robustness margin of Camuto et al. (docs/objectives.md) bounds how far an input can be
perturbed while the reconstruction still stays within a radius \`r\` of the clean one more often
than not. A VAE's encoder is noisy: even without any perturbation, a sampled latent moves the
reconstruction. When that noise alone moves it further than \`r\` for most examples, the model is
not \`r\`-robust at all and the bound is 0 for those examples. This warning says that happened for
most of the held-out examples, so the reported margin mostly measures the choice of \`r\`.`,
    example: {
      shown: `\`\`\`
$ vaec eval runs/Vae-1a2b3c4d --margin-radius 0.5
warning[VAE604]: at r = 0.500 only 3% of the held-out examples are r-robust before any perturbation, so their margin bound is 0
  = note: the encoder's own noise moves the reconstruction further than r
help: pass a larger radius, e.g. \`vaec eval RUN --margin-radius 10\` (see docs/objectives.md)
\`\`\``,
    },
    fix: `Use a larger radius (\`--margin-radius\`), or leave it out: by default \`r\` is half the median
distance between two held-out images, a scale set by the data rather than the model, so models
trained on the same data are compared at the same \`r\`.`,
  },
});
