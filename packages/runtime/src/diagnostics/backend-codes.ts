import { defineCatalogue } from "@vaec/compiler";

/** The catalogue of backends and fast-path switches (VAE530-VAE539); the format is @vaec/dsl's `CatalogueEntry`. */
export const BACKEND_CODES = defineCatalogue({
  VAE530: {
    title: "the requested backend is not installed",
    severity: "error",
    messages: {
      backendNotInstalled: "backend `{name}` is not installed{by}",
    },
    explanation: `\`--backend\` or the \`VAEC_BACKEND\` variable asked for a tfjs backend whose package is not
installed. \`@tensorflow/tfjs-node\` and \`@tensorflow/tfjs-node-gpu\` are optional dependencies of
vaec: their install step downloads the TensorFlow C library, so they are often absent (on a
machine without network access at install time, for example). Without \`--backend\`, vaec tries
the backends best first (tfjs-node-gpu, tfjs-node, wasm, cpu) and uses the first that starts;
a forced backend that cannot start is an error instead, so a run never silently uses a
different backend than the one asked for.`,
    example: {
      shown: `\`\`\`
$ VAEC_BACKEND=tfjs-node vaec train examples/vae.vae
error[VAE530]: backend \`tfjs-node\` is not installed (requested by \`VAEC_BACKEND\`)
help: install it with \`npm install @tensorflow/tfjs-node\` (its install step downloads the TensorFlow C library, so it needs network access then), or unset \`VAEC_BACKEND\` to use the best backend available
\`\`\``,
    },
    fix: `Install the package as the help line says, or drop \`--backend\` / unset \`VAEC_BACKEND\` and let
vaec pick. \`vaec doctor\` lists every backend and why it can or cannot start.`,
  },
  VAE531: {
    title: "the requested backend is installed but failed to load",
    severity: "error",
    messages: {
      backendUnusable: "backend `{name}` is installed but {reason}{by}",
    },
    explanation: `The forced backend's package is there, but importing or starting it threw: typically
tfjs-node's native library (\`libtensorflow.so\`) is missing or built for another platform, or
the wasm backend's \`.wasm\` binaries are missing from \`node_modules/@tensorflow/tfjs-backend-wasm/dist\`.
The message quotes the first line of the error. Without \`--backend\` the same failure is not an
error: vaec notes it (\`--verbose\`, \`vaec doctor\`) and moves on to the next backend.`,
    example: {
      shown: `\`\`\`
$ vaec train examples/vae.vae --backend tfjs-node
error[VAE531]: backend \`tfjs-node\` is installed but failed to load: libtensorflow.so.2: cannot open shared object file (requested by \`--backend\`)
  = note: \`vaec doctor\` lists every backend and why it can or cannot start
help: reinstall it with \`npm install @tensorflow/tfjs-node\` (its install step downloads the TensorFlow C library, so it needs network access then), or unset \`--backend\` to use the best backend available
\`\`\``,
    },
    fix: `Reinstall the package (its install step must be able to download its native library), or use
another backend.`,
  },
  VAE532: {
    title: "unknown backend name",
    severity: "error",
    messages: {
      unknownBackend: "unknown backend `{name}` requested by {source}",
    },
    explanation: `\`--backend\` and \`VAEC_BACKEND\` take one of \`tfjs-node-gpu\`, \`tfjs-node\`, \`wasm\` or \`cpu\`.
Any other value is rejected before anything starts, with the closest valid name suggested.`,
    example: {
      shown: `\`\`\`
$ VAEC_BACKEND=wsam vaec train examples/vae.vae
error[VAE532]: unknown backend \`wsam\` requested by \`VAEC_BACKEND\`
  = note: the backends are \`tfjs-node-gpu\`, \`tfjs-node\`, \`wasm\`, \`cpu\`
help: did you mean \`wasm\`?
\`\`\``,
    },
    fix: `Use one of the four names, or leave the setting out to get the best backend available.`,
  },
  VAE533: {
    title: "tfjs-node-gpu sees no GPU",
    severity: "error",
    messages: {
      backendSeesNoGpu: "backend `{name}` sees no GPU{by}",
    },
    explanation: `\`--backend tfjs-node-gpu\` (or \`VAEC_BACKEND=tfjs-node-gpu\`) was asked for and the package loaded,
but TensorFlow found no CUDA device: no GPU, no driver, or a CUDA/cuDNN version that does not
match the one tfjs-node-gpu was built for. Without \`--backend\`, vaec skips tfjs-node-gpu in that
case and uses the next backend.`,
    example: {
      shown: `\`\`\`
$ vaec train examples/vae.vae --backend tfjs-node-gpu
error[VAE533]: backend \`tfjs-node-gpu\` sees no GPU (requested by \`--backend\`)
  = note: loaded, but TensorFlow sees no GPU (no CUDA device or driver)
help: check that \`nvidia-smi\` lists a GPU and that CUDA and cuDNN match tfjs-node-gpu's requirements, or unset \`--backend\` to use the best backend available
\`\`\``,
    },
    fix: `Make the GPU visible (driver, CUDA and cuDNN versions), or use \`tfjs-node\` on the CPU.`,
  },
  VAE534: {
    title: "a fast-path switch has a value that is not on or off",
    severity: "warning",
    messages: {
      badSwitchValue: "`{variable}` is `{raw}`, not a switch value",
    },
    explanation: `The pieces of the fast CPU path on the wasm backend are switched with environment variables:
\`VAEC_FAST_MATMUL\` (matmul gradients kept on XNNPACK's fast kernel), \`VAEC_FUSED_ADAM\` (Adam's
update in one pass), \`VAEC_SHARED_IDENTITY\` (saved tensors share their buffer) and \`VAEC_BLAS\`
(matmuls through the native OpenBLAS addon). Each takes
\`1\`/\`0\` (also \`on\`/\`off\`, \`true\`/\`false\`, \`yes\`/\`no\`). Another value is a warning: the switch
keeps its default (on) and the run goes on.`,
    example: {
      shown: `\`\`\`
$ VAEC_FAST_MATMUL=fast vaec train examples/vae.vae
warning[VAE534]: \`VAEC_FAST_MATMUL\` is \`fast\`, not a switch value
help: set \`VAEC_FAST_MATMUL\` to 1 or 0 (also accepted: on/off, true/false)
\`\`\``,
    },
    fix: `Set the variable to \`1\` or \`0\`, or unset it.`,
  },
});
